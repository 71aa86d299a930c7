// Connecting Whiplash from Settings: the stored single-use state, the code exchange against the Whiplash
// simulator, tokens stored encrypted (never in clear), the shop connected and the import queued; an
// unknown, expired or reused state connects nothing. (Who may finish, through the routes:
// whiplash-connect-csrf.test.ts.)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWhiplashSimulator, type WhiplashSimulator } from "../../simulators/whiplash/server";
import { DEMO_CUSTOMER_ID } from "../../simulators/whiplash/seed";
import { createTestDb, type TestDb } from "../support/test-db";
import {
  CONNECT_TTL_MS,
  finishWhiplashConnect,
  receiveWhiplashCallback,
  startWhiplashConnect,
  type WhiplashOAuthConfig,
} from "../../app/.server/lifecycle/whiplash-connect";

const SHOP = "connect-test.myshopify.com";
let wl: WhiplashSimulator;
let db: TestDb;
let config: WhiplashOAuthConfig;
const sent: { name: string; data: unknown }[] = [];
const queue = {
  send: async <T,>(name: string, data: T) => {
    sent.push({ name, data });
    return "job";
  },
};

beforeAll(async () => {
  wl = await startWhiplashSimulator({ clientId: "cid", clientSecret: "csecret", seed: { items: 5 } });
  db = await createTestDb();
  await db.prisma.shop.create({ data: { id: SHOP, name: SHOP } });
  config = {
    apiBaseUrl: `${wl.url}/api/v2`,
    clientId: "cid",
    clientSecret: "csecret",
    encryptionKey: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
    appUrl: "http://127.0.0.1:3000",
  };
});
afterAll(async () => {
  await wl?.close();
  await db?.drop();
});

/** What the merchant does on Whiplash's authorize page: pick the customer, authorize; we get the redirect. */
async function authorize(url: string): Promise<URL> {
  const u = new URL(url);
  const form = new URLSearchParams({ ...Object.fromEntries(u.searchParams), customer_id: String(DEMO_CUSTOMER_ID) });
  const res = await fetch(`${wl.url}/oauth/authorize`, { method: "POST", body: form, redirect: "manual" });
  expect(res.status).toBeGreaterThanOrEqual(300);
  return new URL(res.headers.get("location")!);
}

const who = { shopId: SHOP, userId: "1" };

describe("the stored OAuth state", () => {
  it("an unknown state is refused at the callback and stores nothing", async () => {
    const back = await authorize(await startWhiplashConnect(db.prisma, config, who));
    const result = await receiveWhiplashCallback(db.prisma, config, { code: back.searchParams.get("code"), state: "bogus" });
    expect(result.ok).toBe(false);
    expect(await db.prisma.customer.count()).toBe(0);
    expect(sent).toHaveLength(0);
  });

  it("expires after 10 minutes, at the callback and at the finish", async () => {
    const later = (ms: number) => ({ ...config, now: () => Date.now() + ms });
    const late = await authorize(await startWhiplashConnect(db.prisma, config, who));
    const refused = await receiveWhiplashCallback(db.prisma, later(CONNECT_TTL_MS + 60_000), { code: late.searchParams.get("code"), state: late.searchParams.get("state") });
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/expired/) });

    const back = await authorize(await startWhiplashConnect(db.prisma, config, who));
    const page = await receiveWhiplashCallback(db.prisma, config, { code: back.searchParams.get("code"), state: back.searchParams.get("state") });
    if (!page.ok) throw new Error(page.message);
    const finished = await finishWhiplashConnect(db.prisma, queue, later(CONNECT_TTL_MS + 60_000), who, page);
    expect(finished.ok).toBe(false);
    expect(await db.prisma.customer.count()).toBe(0);
  });
});

describe("finishWhiplashConnect", () => {
  it("exchanges the code, stores the tokens encrypted, connects the shop and queues the import", async () => {
    const back = await authorize(await startWhiplashConnect(db.prisma, config, who));
    expect(back.pathname).toBe("/app/whiplash/callback");
    const page = await receiveWhiplashCallback(db.prisma, config, { code: back.searchParams.get("code"), state: back.searchParams.get("state") });
    if (!page.ok) throw new Error(page.message);
    // The code waits encrypted, never in clear.
    const waiting = await db.prisma.whiplashConnect.findUniqueOrThrow({ where: { id: page.state } });
    expect(waiting.secretEnc).toMatch(/^v1\./);
    expect(waiting.secretEnc).not.toContain(back.searchParams.get("code")!);
    let chosen: string | null = null;
    const result = await finishWhiplashConnect(db.prisma, queue, config, who, page, async (shopId) => {
      chosen = shopId;
    });
    expect(result).toMatchObject({ ok: true, shopId: SHOP, whiplashCustomerId: DEMO_CUSTOMER_ID });
    expect(chosen).toBe(SHOP);
    const customer = await db.prisma.customer.findUniqueOrThrow({ where: { whiplashCustomerId: DEMO_CUSTOMER_ID } });
    expect(customer.accessTokenEnc).toMatch(/^v1\./);
    const issued = [...wl.oauth.accessTokens.keys()];
    for (const token of issued) expect(JSON.stringify(customer)).not.toContain(token);
    expect((await db.prisma.shop.findUniqueOrThrow({ where: { id: SHOP } })).customerId).toBe(customer.id);
    expect(sent).toEqual([{ name: "whiplash-import", data: { customerId: customer.id, shopId: SHOP } }]);
    // Single use: reloading the callback or finishing again connects nothing more.
    const reload = await receiveWhiplashCallback(db.prisma, config, { code: back.searchParams.get("code"), state: back.searchParams.get("state") });
    expect(reload.ok).toBe(false);
    expect((await finishWhiplashConnect(db.prisma, queue, config, who, page)).ok).toBe(false);
    expect(sent).toHaveLength(1);
  });
});

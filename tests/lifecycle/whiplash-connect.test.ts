// Connecting Whiplash from Settings: the signed OAuth state, the code exchange against the Whiplash
// simulator, tokens stored encrypted (never in clear), the shop connected and the import queued; a forged or
// expired state connects nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWhiplashSimulator, type WhiplashSimulator } from "../../simulators/whiplash/server";
import { DEMO_CUSTOMER_ID } from "../../simulators/whiplash/seed";
import { createTestDb, type TestDb } from "../support/test-db";
import {
  authorizeUrl,
  completeWhiplashConnect,
  signState,
  verifyState,
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
    stateSecret: "app-secret",
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

describe("signed OAuth state", () => {
  it("names the shop, and refuses tampering and expiry", () => {
    const state = signState(SHOP, config);
    expect(verifyState(state, config)).toBe(SHOP);
    const [payload, mac] = state.split(".");
    const forged = Buffer.from(JSON.stringify({ shop: "other.myshopify.com", exp: Date.now() + 60_000 })).toString("base64url");
    expect(verifyState(`${forged}.${mac}`, config)).toBeNull();
    expect(verifyState(`${payload}.${mac}x`, config)).toBeNull();
    expect(verifyState(state, { ...config, now: () => Date.now() + 16 * 60_000 })).toBeNull();
    expect(verifyState(state, { ...config, stateSecret: "another" })).toBeNull();
  });
});

describe("completeWhiplashConnect", () => {
  it("a forged state connects nothing", async () => {
    const back = await authorize(authorizeUrl(SHOP, config));
    const result = await completeWhiplashConnect(db.prisma, queue, config, { code: back.searchParams.get("code"), state: "bogus.state" });
    expect(result.ok).toBe(false);
    expect(await db.prisma.customer.count()).toBe(0);
    expect(sent).toHaveLength(0);
  });

  it("exchanges the code, stores the tokens encrypted, connects the shop and queues the import", async () => {
    const back = await authorize(authorizeUrl(SHOP, config));
    expect(back.pathname).toBe("/app/whiplash/callback");
    let chosen: string | null = null;
    const result = await completeWhiplashConnect(
      db.prisma,
      queue,
      config,
      { code: back.searchParams.get("code"), state: back.searchParams.get("state") },
      async (shopId) => {
        chosen = shopId;
      },
    );
    expect(result).toMatchObject({ ok: true, shopId: SHOP, whiplashCustomerId: DEMO_CUSTOMER_ID });
    expect(chosen).toBe(SHOP);
    const customer = await db.prisma.customer.findUniqueOrThrow({ where: { whiplashCustomerId: DEMO_CUSTOMER_ID } });
    expect(customer.accessTokenEnc).toMatch(/^v1\./);
    const issued = [...wl.oauth.accessTokens.keys()];
    for (const token of issued) expect(JSON.stringify(customer)).not.toContain(token);
    expect((await db.prisma.shop.findUniqueOrThrow({ where: { id: SHOP } })).customerId).toBe(customer.id);
    expect(sent).toEqual([{ name: "whiplash-import", data: { customerId: customer.id, shopId: SHOP } }]);
    // The code is single-use: reloading the callback does not connect twice.
    const again = await completeWhiplashConnect(db.prisma, queue, config, { code: back.searchParams.get("code"), state: back.searchParams.get("state") });
    expect(again.ok).toBe(false);
  });
});

// The Whiplash API client against the simulator: paging, token refresh, retries (no real sleeps).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WhiplashClient, exchangeAuthorizationCode, oauthBaseUrl } from "../../app/.server/whiplash/client";
import { WhiplashApiError, WhiplashAuthError } from "../../app/.server/whiplash/errors";
import { decryptSecret, encryptSecret, parseEncryptionKey } from "../../app/.server/whiplash/token-crypto";
import { memoryTokenStore } from "../../app/.server/whiplash/token-store";
import { prismaTokenStore } from "../../app/.server/wiring/whiplash-token-store";
import { DEMO_CUSTOMER_ID } from "../../simulators/whiplash/seed";
import { startWhiplashSimulator, type WhiplashSimulator } from "../../simulators/whiplash/server";
import { createTestDb } from "../support/test-db";

const clientId = "cid";
const clientSecret = "csecret";

describe("WhiplashClient", () => {
  let sim: WhiplashSimulator;
  let now: number;
  let slept: number[];
  const make = (store = memoryTokenStore()) =>
    new WhiplashClient({
      baseUrl: sim.url + "/api/v2",
      clientId,
      clientSecret,
      whiplashCustomerId: DEMO_CUSTOMER_ID,
      tokens: store,
      now: () => now,
      sleep: async (ms) => void slept.push(ms),
      perPage: 50,
      retryBaseMs: 100,
    });

  beforeEach(async () => {
    now = Date.UTC(2026, 0, 1);
    slept = [];
    sim = await startWhiplashSimulator({ clientId, clientSecret, seed: { items: 120 }, now: () => now });
  });
  afterEach(() => sim.close());

  const connected = () => {
    const t = sim.issueTokens(DEMO_CUSTOMER_ID);
    return memoryTokenStore({ accessToken: t.access_token, refreshToken: t.refresh_token, expiresAt: now + t.expires_in * 1000 });
  };

  it("derives the OAuth root from the API base URL", () => {
    expect(oauthBaseUrl("https://www.getwhiplash.com/api/v2")).toBe("https://www.getwhiplash.com");
    expect(oauthBaseUrl("http://127.0.0.1:4020/api/v2/")).toBe("http://127.0.0.1:4020");
  });

  it("pages through every item with X-CUSTOMER-ID", async () => {
    const client = make(connected());
    const pages: number[] = [];
    for await (const rows of client.itemPages()) pages.push(rows.length);
    expect(pages.reduce((a, b) => a + b, 0)).toBe(sim.state.items.size);
    expect(pages[0]).toBe(50);
    expect(sim.api.calls.get("GET /items")).toBe(pages.length + (sim.state.items.size % 50 === 0 ? 1 : 0));
  });

  it("refreshes the token before it expires and stores the rotated one", async () => {
    const store = connected();
    const client = make(store);
    const before = store.current!.accessToken;
    now += 7200 * 1000 - 30_000; // inside the refresh margin
    await client.getItem([...sim.state.items.keys()][0]);
    expect(store.current!.accessToken).not.toBe(before);
    expect(sim.oauth.grants.refresh_token).toBe(1);
  });

  it("refreshes once on a 401 and retries the call", async () => {
    const store = connected();
    sim.oauth.accessTokens.clear(); // revoked behind our back
    const item = await make(store).getItem([...sim.state.items.keys()][0]);
    expect(item.sku).toBe("SKU-00001");
    expect(sim.oauth.grants.refresh_token).toBe(1);
  });

  it("gives up with a permanent auth error when the refresh is refused", async () => {
    const store = connected();
    sim.oauth.accessTokens.clear();
    sim.oauth.refreshTokens.clear();
    const error = await make(store).getItem(1).catch((e) => e);
    expect(error).toBeInstanceOf(WhiplashAuthError);
    expect(error.retriable).toBe(false);
  });

  it("retries 429 (honouring Retry-After) and 5xx with exponential backoff", async () => {
    const client = make(connected());
    sim.failNext(1, 429, "3");
    sim.failNext(2, 503);
    const item = await client.getItem([...sim.state.items.keys()][0]);
    expect(item.id).toBeGreaterThan(0);
    expect(slept).toEqual([3000, 200, 400]);
  });

  it("turns exhausted retries into a retriable error and 404 into a permanent one", async () => {
    const client = make(connected());
    sim.failNext(10, 500);
    const busy = await client.getItem(1).catch((e) => e);
    expect(busy).toBeInstanceOf(WhiplashApiError);
    expect(busy.retriable).toBe(true);
    sim.api.faults = [];
    const missing = await client.getItem(999_999).catch((e) => e);
    expect(missing.status).toBe(404);
    expect(missing.retriable).toBe(false);
  });

  it("exchanges an authorization code", async () => {
    sim.oauth.codes.set("the-code", { customerId: DEMO_CUSTOMER_ID, redirectUri: "http://app/cb", expiresAt: now + 60_000 });
    const tokens = await exchangeAuthorizationCode({ baseUrl: sim.url + "/api/v2", clientId, clientSecret, now: () => now }, "the-code", "http://app/cb");
    expect(tokens.expiresAt).toBe(now + 7200 * 1000);
    await expect(
      exchangeAuthorizationCode({ baseUrl: sim.url + "/api/v2", clientId, clientSecret }, "the-code", "http://app/cb"),
    ).rejects.toBeInstanceOf(WhiplashAuthError);
  });
});

describe("tokens at rest", () => {
  const key = parseEncryptionKey("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");

  it("round-trips with AES-256-GCM, bound to the customer, tamper-evident", () => {
    const sealed = encryptSecret("tok-123", key, "customer:a");
    expect(sealed).not.toContain("tok-123");
    expect(decryptSecret(sealed, key, "customer:a")).toBe("tok-123");
    expect(() => decryptSecret(sealed, key, "customer:b")).toThrow();
    const raw = Buffer.from(sealed.slice(3), "base64");
    raw[raw.length - 1] ^= 1;
    expect(() => decryptSecret("v1." + raw.toString("base64"), key, "customer:a")).toThrow();
  });

  it("refuses keys that are not 32 bytes", () => {
    expect(() => parseEncryptionKey("abcd")).toThrow(/32 bytes/);
  });

  it("stores tokens encrypted on the Customer row", async () => {
    const db = await createTestDb();
    try {
      const customer = await db.prisma.customer.create({ data: { whiplashCustomerId: 5 } });
      const store = prismaTokenStore(db.prisma, customer.id, key);
      await store.save({ accessToken: "access-1", refreshToken: "refresh-1", expiresAt: 1_000_000 });
      const row = await db.prisma.customer.findUniqueOrThrow({ where: { id: customer.id } });
      expect(row.accessTokenEnc).not.toContain("access-1");
      expect(row.refreshTokenEnc).not.toContain("refresh-1");
      expect(await store.load()).toEqual({ accessToken: "access-1", refreshToken: "refresh-1", expiresAt: 1_000_000 });
    } finally {
      await db.drop();
    }
  });
});

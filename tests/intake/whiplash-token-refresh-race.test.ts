// Whiplash token refresh across processes (issue 12 item 9). Refresh tokens rotate: each works once. Two
// processes (the worker and a Settings request, each with its own client) that find the same token about
// to expire must not both refresh: the loser's refresh is refused and, if the winner has not stored the
// new tokens yet, the loser concluded "the customer must reconnect" and failed its batch of events for
// good. Under a per-customer lease one process refreshes; the other waits and re-reads the stored tokens.
// Two Prisma clients on one database stand for the two processes; the Whiplash simulator rotates tokens.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { createPrismaClient } from "../../app/.server/db/create-prisma-client";
import { prismaLeases } from "../../app/.server/db/leases";
import { WhiplashClient } from "../../app/.server/whiplash/client";
import { WhiplashApiError, WhiplashAuthError } from "../../app/.server/whiplash/errors";
import { parseEncryptionKey } from "../../app/.server/whiplash/token-crypto";
import type { TokenStore } from "../../app/.server/whiplash/token-store";
import { prismaTokenStore } from "../../app/.server/wiring/whiplash-token-store";
import { DEMO_CUSTOMER_ID } from "../../simulators/whiplash/seed";
import { startWhiplashSimulator, type WhiplashSimulator } from "../../simulators/whiplash/server";
import { createTestDb, type TestDb } from "../support/test-db";

const clientId = "cid";
const clientSecret = "csecret";
const key = parseEncryptionKey("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
const now = Date.UTC(2026, 0, 1);

let sim: WhiplashSimulator;
let db: TestDb;
let other: PrismaClient;
let customerId: string;
/** Bearer tokens sent to the API, and how many refresh grants were posted. */
let bearers: string[];
let refreshPosts: number;

const recordingFetch: typeof fetch = async (input, init) => {
  const url = String(input);
  if (url.endsWith("/oauth/token") && String(init?.body).includes("grant_type=refresh_token")) refreshPosts++;
  const auth = new Headers(init?.headers).get("authorization");
  if (auth) bearers.push(auth.replace(/^Bearer /, ""));
  return fetch(input, init);
};

/** The stored tokens, with a save that takes a while (a busy database): the window the race needs. */
function slowSaving(store: TokenStore): TokenStore {
  return {
    load: () => store.load(),
    save: async (tokens) => {
      await new Promise((r) => setTimeout(r, 150));
      await store.save(tokens);
    },
  };
}

function clientOf(prisma: PrismaClient, extra: { maxWaitMs?: number } = {}): WhiplashClient {
  return new WhiplashClient({
    baseUrl: sim.url + "/api/v2",
    clientId,
    clientSecret,
    whiplashCustomerId: DEMO_CUSTOMER_ID,
    tokens: slowSaving(prismaTokenStore(prisma, customerId, key)),
    refreshLease: { leases: prismaLeases(prisma), pollMs: 20, ...extra },
    fetch: recordingFetch,
    now: () => now,
    maxRetries: 0,
  });
}

beforeEach(async () => {
  bearers = [];
  refreshPosts = 0;
  sim = await startWhiplashSimulator({ clientId, clientSecret, seed: { items: 3 }, now: () => now });
  db = await createTestDb();
  other = createPrismaClient(db.url);
  customerId = (await db.prisma.customer.create({ data: { whiplashCustomerId: DEMO_CUSTOMER_ID } })).id;
  const issued = sim.issueTokens(DEMO_CUSTOMER_ID);
  // Stored tokens that expire in 30 s: inside the refresh margin, so the next call of any process refreshes.
  await prismaTokenStore(db.prisma, customerId, key).save({ accessToken: issued.access_token, refreshToken: issued.refresh_token, expiresAt: now + 30_000 });
});
afterEach(async () => {
  await sim?.close();
  await other?.$disconnect();
  await db?.drop();
});

describe("Whiplash token refresh across processes", () => {
  it("two processes refreshing at once: one refresh, the other uses the tokens it stored", async () => {
    const itemId = [...sim.state.items.keys()][0];
    const [a, b] = await Promise.allSettled([clientOf(db.prisma).getItem(itemId), clientOf(other).getItem(itemId)]);
    expect(a.status === "rejected" ? a.reason : null).toBeNull();
    expect(b.status === "rejected" ? b.reason : null).toBeNull();
    expect(refreshPosts).toBe(1);
    expect(sim.oauth.grants.refresh_token).toBe(1);
    // Both calls used the one new token, and it is what is stored: the next process needs no refresh.
    const stored = await prismaTokenStore(db.prisma, customerId, key).load();
    expect(new Set(bearers)).toEqual(new Set([stored!.accessToken]));
    await clientOf(db.prisma).getItem(itemId);
    expect(refreshPosts).toBe(1);
  });

  it("a refresh held by another process for longer than we wait is a retriable error, not a reconnect", async () => {
    await prismaLeases(other).acquire(`whiplash-token-refresh:${DEMO_CUSTOMER_ID}`, "other-process", 60_000);
    const error = await clientOf(db.prisma, { maxWaitMs: 100 })
      .getItem([...sim.state.items.keys()][0])
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(WhiplashApiError);
    expect(error).not.toBeInstanceOf(WhiplashAuthError);
    expect((error as WhiplashApiError).retriable).toBe(true);
    expect(refreshPosts).toBe(0);
  });
});

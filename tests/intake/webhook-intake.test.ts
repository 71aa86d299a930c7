// POST /webhooks/whiplash: signature, bad input, unknown events, duplicates (issue 4, tests 1-2).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/test-db";
import { createTestQueue, listJobs } from "../support/test-queue";
import { createLogger } from "../../app/.server/logger";
import { handleWhiplashWebhook, type IntakeDeps } from "../../app/.server/intake/whiplash-webhook";
import { storeWhiplashEvent } from "../../app/.server/intake/whiplash-intake-store";
import { signWhiplashBody } from "../../app/.server/whiplash/signature";

const SECRET = "test-whiplash-secret";
const CLIENT_ID = "test-client";

function post(body: string | Uint8Array, signature?: string | null, headers: Record<string, string> = {}) {
  const h = new Headers({ "content-type": "application/json", ...headers });
  if (signature !== null) h.set("X-WHIPLASH-SIGNATURE", signature ?? signWhiplashBody(body, SECRET));
  return new Request("http://app.test/webhooks/whiplash", { method: "POST", body: body as BodyInit, headers: h });
}

const itemEvent = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    event_name: "item.inventory_changed",
    item: { id: 100, customer_id: 42, sku: "SKU-00001", quantity: 5, updated_at: "2026-01-01T00:00:00Z", ...over },
  });

describe("Whiplash webhook intake", () => {
  let db: TestDb;
  let deps: IntakeDeps;
  let logLines: string[];

  beforeEach(async () => {
    db = await createTestDb();
    logLines = [];
    deps = {
      prisma: db.prisma,
      queue: createTestQueue(db),
      secret: SECRET,
      clientId: CLIENT_ID,
      logger: createLogger({}, "debug", (l) => logLines.push(l)),
    };
    await db.prisma.customer.create({ data: { whiplashCustomerId: 42, name: "Acme" } });
  });
  afterEach(() => db.drop());

  const events = () => db.prisma.inboundEvent.findMany({ orderBy: { receivedAt: "asc" } });
  const jobs = () => listJobs(db);

  describe("signature", () => {
    it("accepts a valid signature: event stored PENDING with one job", async () => {
      const res = await handleWhiplashWebhook(post(itemEvent()), deps);
      expect(res.status).toBe(200);
      const [event] = await events();
      expect(event).toMatchObject({ source: "whiplash", topic: "item.inventory_changed", outcome: "PENDING" });
      expect(event.rawBody).toBe(itemEvent());
      const [job] = await jobs();
      expect(job.name).toBe("whiplash-event");
      expect(job.data).toEqual({ eventId: event.id });
    });

    it.each([
      ["missing", null],
      ["not hex", "not-a-signature"],
      ["wrong secret", signWhiplashBody(itemEvent(), "someone-else")],
      ["signature of another body", signWhiplashBody(itemEvent({ quantity: 6 }), SECRET)],
    ])("refuses a %s signature with 401 and stores nothing", async (_, signature) => {
      const res = await handleWhiplashWebhook(post(itemEvent(), signature as string | null), deps);
      expect(res.status).toBe(401);
      expect(await events()).toHaveLength(0);
      expect(await jobs()).toHaveLength(0);
    });

    it("refuses a body altered by one byte after signing", async () => {
      const body = Buffer.from(itemEvent());
      const signature = signWhiplashBody(body, SECRET);
      body[body.indexOf("5")] = "9".charCodeAt(0);
      expect((await handleWhiplashWebhook(post(body, signature), deps)).status).toBe(401);
      expect(await events()).toHaveLength(0);
    });

    it("never logs the signature or the secret", async () => {
      const signature = signWhiplashBody(itemEvent(), "someone-else");
      await handleWhiplashWebhook(post(itemEvent(), signature), deps);
      await handleWhiplashWebhook(post(itemEvent()), deps);
      const all = logLines.join("\n");
      expect(all).not.toContain(signature);
      expect(all).not.toContain(signWhiplashBody(itemEvent(), SECRET));
      expect(all).not.toContain(SECRET);
    });

    it("answers an empty body: unsigned 401; signed (Whiplash signs the client id) 400, kept as INVALID", async () => {
      expect((await handleWhiplashWebhook(post("", null), deps)).status).toBe(401);
      expect((await handleWhiplashWebhook(post("", signWhiplashBody("x", SECRET)), deps)).status).toBe(401);
      const res = await handleWhiplashWebhook(post("", signWhiplashBody(CLIENT_ID, SECRET)), deps);
      expect(res.status).toBe(400);
      expect(await events()).toMatchObject([{ outcome: "INVALID", outcomeDetail: "empty body" }]);
      expect(await jobs()).toHaveLength(0);
    });
  });

  describe("bad input", () => {
    it("malformed JSON: 400, kept as INVALID, no job", async () => {
      const res = await handleWhiplashWebhook(post('{"event_name": "item.inventory_changed", '), deps);
      expect(res.status).toBe(400);
      expect(await events()).toMatchObject([{ outcome: "INVALID", outcomeDetail: "malformed JSON", topic: "invalid" }]);
      expect(await jobs()).toHaveLength(0);
    });

    it("known event with wrong types: 400 with the reason, kept as INVALID, no job", async () => {
      const res = await handleWhiplashWebhook(post(itemEvent({ quantity: "lots" })), deps);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { reason: string }).reason).toContain("item.quantity");
      const [event] = await events();
      expect(event).toMatchObject({ outcome: "INVALID", topic: "item.inventory_changed" });
      expect(event.outcomeDetail).toContain("item.quantity");
      expect(await jobs()).toHaveLength(0);
      expect(logLines.some((l) => l.includes("wrong shape"))).toBe(true);
    });

    it("huge body: 413 whether or not Content-Length announces it, nothing stored", async () => {
      const huge = JSON.stringify({ event_name: "item.updated", item: { id: 1, customer_id: 42, pad: "x".repeat(2 * 1024 * 1024) } });
      expect((await handleWhiplashWebhook(post(huge, undefined, { "content-length": String(huge.length) }), deps)).status).toBe(413);
      // A streamed body without a length is cut off while reading.
      const stream = new ReadableStream({
        start(c) {
          for (let i = 0; i < 40; i++) c.enqueue(new TextEncoder().encode("x".repeat(64 * 1024)));
          c.close();
        },
      });
      const req = new Request("http://app.test/webhooks/whiplash", {
        method: "POST",
        body: stream,
        headers: { "X-WHIPLASH-SIGNATURE": "0".repeat(64) },
        duplex: "half",
      } as RequestInit);
      expect((await handleWhiplashWebhook(req, deps)).status).toBe(413);
      expect(await events()).toHaveLength(0);
    });

    it("unknown event name: stored as UNUSED and acknowledged with 200, no job", async () => {
      // (order.* events are known since issue 13: Whiplash importing a Shopify order; a bundle event is not.)
      const body = JSON.stringify({ event_name: "bundle.created", bundle: { id: 9, customer_id: 42 } });
      const res = await handleWhiplashWebhook(post(body), deps);
      expect(res.status).toBe(200);
      const [event] = await events();
      expect(event).toMatchObject({ outcome: "UNUSED", topic: "bundle.created" });
      expect(event.customerId).not.toBeNull();
      expect(await jobs()).toHaveLength(0);
    });

    it("event for a customer that is not connected: stored as UNUSED, 200, no job", async () => {
      const res = await handleWhiplashWebhook(post(itemEvent({ customer_id: 999 })), deps);
      expect(res.status).toBe(200);
      expect(await events()).toMatchObject([{ outcome: "UNUSED", customerId: null }]);
      expect(await jobs()).toHaveLength(0);
    });

    it("non-POST: 405", async () => {
      expect((await handleWhiplashWebhook(new Request("http://app.test/webhooks/whiplash"), deps)).status).toBe(405);
    });
  });

  describe("duplicates", () => {
    it("the same body twice (even concurrently): 200 both times, one event, one job", async () => {
      const results = await Promise.all(Array.from({ length: 5 }, () => handleWhiplashWebhook(post(itemEvent()), deps)));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      const bodies = await Promise.all(results.map((r) => r.json() as Promise<{ duplicate: boolean }>));
      expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
      expect(await events()).toHaveLength(1);
      expect(await jobs()).toHaveLength(1);
    });

    it("group commit: concurrent posts with bad ones among them are each answered for themselves; every valid one is stored once with one job", async () => {
      const valid = Array.from({ length: 30 }, (_, i) => itemEvent({ id: 100 + i, quantity: i }));
      const requests: { body: string; signature?: string; expect: number }[] = [
        ...valid.map((body) => ({ body, expect: 200 })),
        { body: "{not json", expect: 400 },
        { body: JSON.stringify({ event_name: "item.inventory_changed", item: { id: "x" } }), expect: 400 },
        { body: itemEvent({ id: 999 }), signature: "0".repeat(64), expect: 401 },
        ...valid.slice(0, 5).map((body) => ({ body, expect: 200 })),
      ];
      const results = await Promise.all(requests.map((r) => handleWhiplashWebhook(post(r.body, r.signature), deps)));
      expect(results.map((r) => r.status)).toEqual(requests.map((r) => r.expect));

      const stored = await events();
      const byBody = new Map(stored.map((e) => [e.rawBody, e]));
      // One row per distinct valid body, plus the two invalid ones kept for inspection; nothing for the unsigned one.
      expect(stored).toHaveLength(valid.length + 2);
      for (const body of valid) expect(byBody.get(body)?.outcome).toBe("PENDING");
      expect(stored.filter((e) => e.outcome === "INVALID")).toHaveLength(2);
      const jobEventIds = (await jobs()).map((j) => (j.data as { eventId: string }).eventId).sort();
      expect(jobEventIds).toEqual(valid.map((b) => byBody.get(b)!.id).sort());
      // Exactly one of each repeated pair answers as a duplicate.
      const answers = await Promise.all(results.map((r) => r.json() as Promise<{ duplicate?: boolean }>));
      expect(answers.filter((a) => a.duplicate === true)).toHaveLength(5);
    });

    it("repeats spread over batches committing side by side, in opposite orders: every answer names the one stored event, one job each", async () => {
      const bodies = Array.from({ length: 40 }, (_, i) => itemEvent({ id: 200 + i, quantity: i }));
      // Waves a few milliseconds apart, so later ones meet earlier batches still in flight (two at once on
      // PostgreSQL): the same keys in opposite orders must neither deadlock nor lose a duplicate's id.
      const waves = [bodies, [...bodies].reverse(), bodies.filter((_, i) => i % 2 === 0), [...bodies].reverse()];
      const results = await Promise.all(
        waves.map(async (wave, w) => {
          await new Promise((r) => setTimeout(r, w * 3));
          return Promise.all(
            wave.map(async (body) => {
              // The store's own answer: the HTTP answer does not carry the event id.
              const stored = await storeWhiplashEvent(deps.prisma, deps.queue, {
                rawBody: new TextEncoder().encode(body),
                topic: "item.inventory_changed",
                customerId: null,
                outcome: "PENDING",
                enqueue: true,
                receivedAt: new Date(),
              });
              return { body, answer: stored };
            }),
          );
        }),
      );
      const answers = results.flat();

      const stored = await events();
      expect(stored).toHaveLength(bodies.length);
      const idOf = new Map(stored.map((e) => [e.rawBody, e.id]));
      for (const a of answers) expect(a.answer.eventId).toBe(idOf.get(a.body));
      expect(answers.filter((a) => !a.answer.duplicate)).toHaveLength(bodies.length);
      const jobEventIds = (await jobs()).map((j) => (j.data as { eventId: string }).eventId).sort();
      expect(jobEventIds).toEqual([...idOf.values()].sort());
    });

    it("a different body for the same item is a new event", async () => {
      await handleWhiplashWebhook(post(itemEvent()), deps);
      await handleWhiplashWebhook(post(itemEvent({ quantity: 4, updated_at: "2026-01-01T00:01:00Z" })), deps);
      expect(await events()).toHaveLength(2);
      expect(await jobs()).toHaveLength(2);
    });
  });
});

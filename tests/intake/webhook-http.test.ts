// POST /webhooks/whiplash over real HTTP on server.mjs's direct path (serveWhiplashWebhook on node's own
// request and response, no Web Request, no express): the same answers and guarantees as the Remix form
// (webhook-intake.test.ts), including the size limit on a streamed body and a keep-alive connection that
// still works after a refused one.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/test-db";
import { createTestQueue, listJobs } from "../support/test-queue";
import { createLogger } from "../../app/.server/logger";
import { serveWhiplashWebhook, type IntakeDeps } from "../../app/.server/intake/whiplash-webhook";
import { signWhiplashBody } from "../../app/.server/whiplash/signature";

const SECRET = "test-whiplash-secret";

const itemEvent = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    event_name: "item.inventory_changed",
    item: { id: 100, customer_id: 42, sku: "SKU-00001", quantity: 5, updated_at: "2026-01-01T00:00:00Z", ...over },
  });

describe("Whiplash webhook intake over node:http (server.mjs's direct path)", () => {
  let db: TestDb;
  let deps: IntakeDeps;
  let server: http.Server;
  let url: string;
  let logLines: string[];

  beforeEach(async () => {
    db = await createTestDb();
    logLines = [];
    deps = {
      prisma: db.prisma,
      queue: createTestQueue(db),
      secret: SECRET,
      clientId: "test-client",
      logger: createLogger({}, "debug", (l) => logLines.push(l)),
      maxBytes: 64 * 1024,
    };
    await db.prisma.customer.create({ data: { whiplashCustomerId: 42, name: "Acme" } });
    server = http.createServer((req, res) => void serveWhiplashWebhook(req, res, deps));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/whiplash`;
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await db.drop();
  });

  const post = async (body: BodyInit, signature: string | null, extra: RequestInit = {}) => {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (signature !== null) headers["x-whiplash-signature"] = signature;
    const res = await fetch(url, { method: "POST", body, headers, ...extra });
    return { status: res.status, type: res.headers.get("content-type"), body: (await res.json()) as Record<string, unknown> };
  };
  const signed = (body: string) => post(body, signWhiplashBody(body, SECRET));
  const events = () => db.prisma.inboundEvent.findMany({ orderBy: { receivedAt: "asc" } });

  it("stores a signed event PENDING with one job and answers 200 JSON", async () => {
    const res = await signed(itemEvent());
    expect(res).toEqual({ status: 200, type: "application/json", body: { ok: true, duplicate: false } });
    const [event] = await events();
    expect(event).toMatchObject({ source: "whiplash", topic: "item.inventory_changed", outcome: "PENDING", rawBody: itemEvent() });
    const jobs = await listJobs(db);
    expect(jobs.map((j) => [j.name, j.data])).toEqual([["whiplash-event", { eventId: event.id }]]);
  });

  it("refuses a missing or wrong signature with 401 and stores nothing", async () => {
    expect((await post(itemEvent(), null)).status).toBe(401);
    expect((await post(itemEvent(), signWhiplashBody(itemEvent(), "someone-else"))).status).toBe(401);
    expect((await post(itemEvent(), signWhiplashBody(itemEvent({ quantity: 6 }), SECRET))).status).toBe(401);
    expect(await events()).toHaveLength(0);
    expect(await listJobs(db)).toHaveLength(0);
    expect(logLines.join("\n")).not.toContain(SECRET);
  });

  it("answers 413 to a body over the limit, announced or streamed, stores nothing, and the connection still serves", async () => {
    const huge = JSON.stringify({ event_name: "item.updated", pad: "x".repeat(200 * 1024) });
    const announced = await post(huge, signWhiplashBody(huge, SECRET));
    expect(announced).toMatchObject({ status: 413, body: { error: "body too large" } });

    // No Content-Length (chunked): cut off while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode("x".repeat(16 * 1024)));
        c.close();
      },
    });
    const streamed = await post(stream, "0".repeat(64), { duplex: "half" } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await events()).toHaveLength(0);

    // The same keep-alive client goes on working after the refused bodies.
    expect((await signed(itemEvent())).status).toBe(200);
    expect(await events()).toHaveLength(1);
  });

  it("a body exactly at the limit is read whole", async () => {
    const base = itemEvent();
    const body = base.slice(0, -1) + `,"pad":"${"x".repeat(64 * 1024 - base.length - 9)}"}`;
    expect(Buffer.byteLength(body)).toBe(64 * 1024);
    expect((await signed(body)).status).toBe(200);
    expect((await events())[0].rawBody).toBe(body);
  });

  it("the same body sent concurrently: every answer 200, exactly one not a duplicate, one event, one job", async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => signed(itemEvent())));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.filter((a) => a.body.duplicate === false)).toHaveLength(1);
    expect(await events()).toHaveLength(1);
    expect(await listJobs(db)).toHaveLength(1);
  });

  it("an event this app does not use, or malformed JSON: stored for inspection, no job, 200 and 400", async () => {
    const unused = JSON.stringify({ event_name: "bundle.created", bundle: { id: 9, customer_id: 42 } });
    expect(await signed(unused)).toMatchObject({ status: 200, body: { ok: true, used: false, duplicate: false } });
    expect(await signed("{not json")).toMatchObject({ status: 400, body: { error: "malformed JSON" } });
    expect((await events()).map((e) => e.outcome).sort()).toEqual(["INVALID", "UNUSED"]);
    expect(await listJobs(db)).toHaveLength(0);
  });
});

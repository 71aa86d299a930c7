import { describe, expect, it } from "vitest";
import { ThrottledAdminClient } from "./admin-client";
import { CostBudget } from "./cost-budget";
import { CostCalibration } from "./cost-calibration";
import { PermanentError, RetriableError } from "./errors";
import { ManualClock, flushMicrotasks } from "../../../tests/support/manual-clock";
import type { AdminTransport, GraphqlRequest, TransportResponse } from "./transport";

const STATUS = { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 };
const QUERY = `#graphql
  query Probe { shop { name } }`;
const MUTATION = `#graphql
  mutation SetThings($input: Input!) { setThings(input: $input) { userErrors { code } } }`;

type Reply = TransportResponse | Error;

function json(status: number, body: unknown, headers: Record<string, string> = {}): TransportResponse {
  return { status, body, header: (n) => headers[n.toLowerCase()] ?? null };
}
const ok = (currentlyAvailable = 1990, requested = 10, actual = 10) =>
  json(200, {
    data: { ok: true },
    extensions: { cost: { requestedQueryCost: requested, actualQueryCost: actual, throttleStatus: { ...STATUS, currentlyAvailable } } },
  });
const throttled = (currentlyAvailable: number, requested = 10) =>
  json(200, {
    errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
    extensions: { cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: { ...STATUS, currentlyAvailable } } },
  });

function scriptedTransport(replies: Reply[]) {
  const sent: GraphqlRequest[] = [];
  const transport: AdminTransport = {
    shop: "s.myshopify.com",
    async send(request) {
      sent.push(request);
      const next = replies.shift();
      if (!next) throw new Error("no scripted reply left");
      if (next instanceof Error) throw next;
      return next;
    },
  };
  return { transport, sent };
}

function setup(replies: Reply[], budgetStatus = { ...STATUS, currentlyAvailable: 2000 }) {
  const clock = new ManualClock();
  const budget = new CostBudget(clock, budgetStatus);
  const calibration = new CostCalibration();
  const { transport, sent } = scriptedTransport(replies);
  const client = new ThrottledAdminClient({ transport, budget, calibration, clock, retry: { maxAttempts: 4, baseMs: 100, maxMs: 1000 } });
  return { clock, budget, calibration, client, sent };
}

async function settle<T>(p: Promise<T>, clock: ManualClock, ms = 60_000) {
  const state: { value?: T; error?: unknown; done: boolean } = { done: false };
  p.then((v) => Object.assign(state, { value: v, done: true })).catch((e) => Object.assign(state, { error: e, done: true }));
  await clock.advance(ms);
  return state;
}

describe("ThrottledAdminClient", () => {
  it("returns data and mirrors the response's cost into the budget", async () => {
    const { client, budget, sent } = setup([ok(1500, 10, 10)]);
    const result = await client.request<{ ok: boolean }>(QUERY);
    expect(result.data.ok).toBe(true);
    expect(sent[0].operationName).toBe("Probe");
    expect(budget.available()).toBe(1500);
  });

  it("retries THROTTLED after the wait computed from the mirrored status, and counts it", async () => {
    const { client, clock, sent } = setup([throttled(0, 100), ok()]);
    const state = { done: false };
    const p = client.request(MUTATION, { size: 1 }).then(() => (state.done = true));
    await flushMicrotasks();
    expect(sent).toHaveLength(1);
    // THROTTLED told us: 0 available, the call asks for 100 → wait 1 s at 100/s.
    await clock.advance(999);
    expect(sent).toHaveLength(1);
    await clock.advance(1);
    await p;
    expect(sent).toHaveLength(2);
    expect(client.stats.throttled).toBe(1);
  });

  it("retries 5xx and timeouts with capped backoff, then gives up with a typed RetriableError", async () => {
    const timeout = new RetriableError("TIMEOUT", "timed out");
    const { client, clock, sent } = setup([json(503, undefined), timeout, json(502, undefined), json(500, undefined)]);
    const state = await settle(client.request(QUERY), clock);
    expect(state.error).toBeInstanceOf(RetriableError);
    expect((state.error as RetriableError).kind).toBe("HTTP_5XX");
    expect((state.error as RetriableError).attempts).toBe(4);
    expect(sent).toHaveLength(4);
    // Three answers (the 5xx) and a timeout that never answered: only answers count as round trips.
    expect(client.stats.answered).toBe(3);
  });

  it("sums the round trips of answered attempts", async () => {
    const { client, budget, calibration, clock } = setup([]);
    const slow: AdminTransport = {
      shop: "s.myshopify.com",
      send: () => new Promise((resolve) => setTimeout(() => resolve(ok()), 30)),
    };
    const timed = new ThrottledAdminClient({ transport: slow, budget, calibration, clock });
    await timed.request(QUERY);
    await timed.request(QUERY);
    expect(timed.stats.answered).toBe(2);
    expect(timed.stats.roundTripMsTotal).toBeGreaterThanOrEqual(58);
    expect(client.stats.answered).toBe(0);
  });

  it("honours Retry-After on 429", async () => {
    const { client, clock, sent } = setup([json(429, undefined, { "retry-after": "2" }), ok()]);
    const p = client.request(QUERY);
    await clock.advance(1999);
    expect(sent).toHaveLength(1);
    await clock.advance(1);
    await p;
    expect(sent).toHaveLength(2);
  });

  it("turns GraphQL errors, 4xx and 401 into PermanentErrors without retrying", async () => {
    const graphqlError = json(200, { errors: [{ message: "Field 'x' doesn't exist", extensions: { code: "undefinedField" } }] });
    for (const [reply, kind] of [
      [graphqlError, "GRAPHQL"],
      [json(404, undefined), "HTTP_4XX"],
      [json(401, undefined), "UNAUTHORIZED"],
      [json(200, { data: null }), "BAD_RESPONSE"],
    ] as const) {
      const { client, sent } = setup([reply]);
      const error = await client.request(QUERY).catch((e) => e);
      expect(error).toBeInstanceOf(PermanentError);
      expect(error.kind).toBe(kind);
      expect(sent).toHaveLength(1);
    }
  });

  it("an aborted request sends nothing more: no retry after its backoff, none after THROTTLED, none with a held ticket", async () => {
    for (const first of [json(503, undefined), throttled(0, 100)]) {
      const { client, clock, sent } = setup([first, ok()]);
      const abort = new AbortController();
      const outcome = settle(client.request(MUTATION, { size: 1, signal: abort.signal }), clock, 0);
      await flushMicrotasks();
      expect(sent).toHaveLength(1);
      abort.abort(new Error("lease lost"));
      const state = await outcome;
      await clock.advance(60_000);
      expect(state.error).toMatchObject({ message: "lease lost" });
      expect(sent).toHaveLength(1);
    }
    const { client, budget, sent } = setup([ok()]);
    const ticket = await budget.reserve(10);
    const available = budget.available();
    const error = await client.request(MUTATION, { size: 1, ticket, signal: AbortSignal.abort(new Error("gone")) }).catch((e) => e);
    expect(error).toMatchObject({ message: "gone" });
    expect(sent).toHaveLength(0);
    expect(budget.available()).toBeGreaterThan(available); // the unused reservation went back
  });

  it("refuses to send a call estimated above 1000 points", async () => {
    const { client, calibration, sent } = setup([]);
    calibration.record("SetThings", 100, 1210, 1210);
    const error = await client.request(MUTATION, { size: 100 }).catch((e) => e);
    expect(error).toMatchObject({ kind: "MAX_COST_EXCEEDED" });
    expect(sent).toHaveLength(0);
  });

  it("calibrates cost per operation from the responses", async () => {
    const { client, calibration } = setup([ok(1900, 60, 35)]);
    await client.request(MUTATION, { size: 250 });
    expect(calibration.requested("SetThings", 250)).toBe(60);
    expect(calibration.actual("SetThings", 250)).toBe(35);
  });

  it("uses a caller's reservation for the first attempt instead of reserving twice", async () => {
    const { client, budget } = setup([ok(1990)]);
    const ticket = await budget.reserve(10);
    await client.request(MUTATION, { ticket });
    expect(budget.snapshot().inFlight).toBe(0);
  });

  it("passes through errors a transport does not type (e.g. a Remix re-auth Response)", async () => {
    const bounce = new Error("bounce");
    const { client } = setup([bounce]);
    await expect(client.request(QUERY)).rejects.toBe(bounce);
  });
});

describe("CostCalibration", () => {
  it("defaults to Shopify's 10 points for a mutation until it observes otherwise", () => {
    const c = new CostCalibration();
    c.noteKind("M", "mutation");
    expect(c.requested("M", 250)).toBe(10);
    expect(c.maxBatchSize("M", 250)).toBe(250);
  });

  it("fits a per-entry cost and sizes batches to stay under the single-query limit", () => {
    const c = new CostCalibration();
    c.record("M", 250, 10 + 250 * 5, 10 + 250 * 5); // refused at 250: 5 points per quantity
    c.record("M", 100, 10 + 100 * 5, 10 + 100 * 5);
    expect(c.requested("M", 50)).toBe(260);
    expect(c.maxBatchSize("M", 250)).toBe(178); // (900 - 10) / 5
  });

  it("with a single observed size, splits cost into the default fixed part and a per-entry part", () => {
    const c = new CostCalibration();
    c.record("M", 250, 60, 60);
    expect(c.requested("M", 250)).toBe(60);
    expect(c.requested("M", 125)).toBe(35);
  });
});

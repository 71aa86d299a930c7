// Latency and fault injection, through the module API and the /_sim/faults endpoint.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ShopifySim } from "./index";
import { simWithClient, type GqlResponse } from "./test-support";

let sim: ShopifySim;
let shop: string;
let token: string;
let gql: (q: string, v?: Record<string, unknown>) => Promise<GqlResponse>;

const SET = `mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) { inventoryAdjustmentGroup { id } userErrors { code } }
}`;

beforeAll(async () => {
  ({ sim, shop, token, gql } = await simWithClient());
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.clearFaults();
  sim.setLatency(0);
  sim.shop().bucket.fill();
});

describe("fault injection", () => {
  it("answers the next N calls with a 5xx, then recovers", async () => {
    sim.addFault({ kind: "status", status: 503, times: 2 });
    expect((await gql("{ shop { name } }")).status).toBe(503);
    expect((await gql("{ shop { name } }")).status).toBe(503);
    expect((await gql("{ shop { name } }")).status).toBe(200);
    expect(sim.shop().counters.faultsInjected).toBeGreaterThanOrEqual(2);
  });

  it("answers 429 with Retry-After", async () => {
    sim.addFault({ kind: "status", status: 429, retryAfterSeconds: 2 });
    const res = await gql("{ shop { name } }");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("2");
  });

  it("applies a probability with a seeded generator and only to the matching operation type", async () => {
    sim.addFault({ kind: "status", status: 500, probability: 1, operation: "mutation" });
    expect((await gql("{ shop { name } }")).status).toBe(200);
    const variant = sim.shop().variantList[0];
    const res = await gql(SET, {
      key: "prob-1",
      input: { name: "available", reason: "correction", quantities: [{ inventoryItemId: `gid://shopify/InventoryItem/${variant.inventoryItemId}`, locationId: `gid://shopify/Location/${variant.levels[0].locationId}`, quantity: 1, changeFromQuantity: null }] },
    });
    expect(res.status).toBe(500);
  });

  it("hangs until the client gives up", async () => {
    sim.addFault({ kind: "hang" });
    const started = Date.now();
    const call = fetch(`${sim.url}/admin/api/2026-07/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "x-shopify-shop-domain": shop },
      body: JSON.stringify({ query: "{ shop { name } }" }),
      signal: AbortSignal.timeout(150),
    });
    await expect(call).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((await gql("{ shop { name } }")).status).toBe(200);
  });

  it("applies a mutation but drops the response; the retry with the same key replays it without applying twice", async () => {
    const variant = sim.shop().variantList[1];
    const level = variant.levels[0];
    const vars = {
      key: "dropped-1",
      input: { name: "available", reason: "correction", quantities: [{ inventoryItemId: `gid://shopify/InventoryItem/${variant.inventoryItemId}`, locationId: `gid://shopify/Location/${level.locationId}`, quantity: level.available + 5, changeFromQuantity: level.available }] },
    };
    const expected = level.available + 5;
    sim.addFault({ kind: "drop-response", operation: "mutation" });
    await expect(gql(SET, vars)).rejects.toThrow();
    expect(level.available).toBe(expected);
    const groups = sim.shop().history.length;
    const retry = await gql(SET, vars);
    expect(retry.body.data.inventorySetQuantities).toMatchObject({ userErrors: [], inventoryAdjustmentGroup: { id: expect.any(String) } });
    expect(level.available).toBe(expected);
    expect(sim.shop().history.length).toBe(groups);
  });

  it("answers GraphQL THROTTLED on demand, with a full bucket, and counts it", async () => {
    const throttledBefore = sim.shop().counters.throttled;
    sim.addFault({ kind: "throttled", times: 1 });
    const res = await gql("{ shop { name } }");
    expect(res.status).toBe(200);
    expect(res.body.errors[0].extensions.code).toBe("THROTTLED");
    expect(res.body.extensions.cost.throttleStatus.currentlyAvailable).toBe(res.body.extensions.cost.throttleStatus.maximumAvailable);
    expect(sim.shop().counters.throttled).toBe(throttledBefore + 1);
    expect((await gql("{ shop { name } }")).body.data.shop.name).toEqual(expect.any(String));
  });

  it("with hangMs, cuts a hanging call's connection after that long (a gateway timeout)", async () => {
    sim.addFault({ kind: "hang", hangMs: 100 });
    const started = Date.now();
    await expect(gql("{ shop { name } }")).rejects.toThrow();
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("keeps totals of every fault applied, by kind and status, beyond the bounded log", async () => {
    const before = { ...((await (await fetch(`${sim.url}/_sim/faults`)).json()) as { totals: Record<string, number> }).totals };
    sim.addFault({ kind: "status", status: 502, times: 2 });
    sim.addFault({ kind: "throttled", times: 1 });
    for (let i = 0; i < 4; i++) await gql("{ shop { name } }");
    const { totals } = (await (await fetch(`${sim.url}/_sim/faults`)).json()) as { totals: Record<string, number> };
    expect((totals["status-502"] ?? 0) - (before["status-502"] ?? 0)).toBe(2);
    expect((totals.throttled ?? 0) - (before.throttled ?? 0)).toBe(1);
  });

  it("counts faults by GraphQL operation name, so a harness can tell the writer's calls from the rest", async () => {
    type Summary = { byOperation: Record<string, number> };
    const before = { ...((await (await fetch(`${sim.url}/_sim/faults`)).json()) as Summary).byOperation };
    sim.addFault({ kind: "status", status: 503, times: 2 });
    await gql("query ShopName { shop { name } }");
    await gql("{ shop { name } }");
    const { byOperation } = (await (await fetch(`${sim.url}/_sim/faults`)).json()) as Summary;
    expect((byOperation.ShopName ?? 0) - (before.ShopName ?? 0)).toBe(1);
    expect((byOperation["(none)"] ?? 0) - (before["(none)"] ?? 0)).toBe(1);
  });

  it("can target the token endpoint", async () => {
    sim.addFault({ kind: "status", status: 502, route: "token" });
    const res = await fetch(`${sim.url}/admin/oauth/access_token`, { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
    expect(res.status).toBe(502);
  });

  it("is configurable through POST /_sim/faults", async () => {
    const post = await fetch(`${sim.url}/_sim/faults`, { method: "POST", body: JSON.stringify({ add: { kind: "status", status: 502, times: 1 } }) });
    expect((await post.json()).faults).toHaveLength(1);
    expect((await gql("{ shop { name } }")).status).toBe(502);
    await fetch(`${sim.url}/_sim/faults`, { method: "POST", body: JSON.stringify({ clear: true, add: { kind: "status", status: 504, times: 3 } }) });
    await fetch(`${sim.url}/_sim/faults`, { method: "POST", body: JSON.stringify({ clear: true }) });
    expect((await gql("{ shop { name } }")).status).toBe(200);
    const bad = await fetch(`${sim.url}/_sim/faults`, { method: "POST", body: JSON.stringify({ add: { kind: "status", status: 418 } }) });
    expect(bad.status).toBe(400);
  });
});

describe("latency", () => {
  it("adds the configured latency to every Admin API call, per simulator or per shop, changeable at runtime", async () => {
    sim.setLatency(120);
    const before = { ...sim.shop().counters };
    let started = Date.now();
    await gql("{ shop { name } }");
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
    // The simulator counts its answers and how long each took from arrival: never less than asked for.
    expect(sim.shop().counters.answered - before.answered).toBe(1);
    expect(sim.shop().counters.answerMsTotal - before.answerMsTotal).toBeGreaterThanOrEqual(120);

    await fetch(`${sim.url}/_sim/latency`, { method: "POST", body: JSON.stringify({ latencyMs: 0 }) });
    sim.setLatency(60, shop);
    started = Date.now();
    await gql("{ shop { name } }");
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
    sim.shop().latencyMs = null;
  });
});

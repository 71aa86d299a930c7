// The simulator counts how many writers write a shop at once (distinct referenceDocumentUri among the
// inventorySetQuantities calls in flight), so a multi-process run can prove one writer per shop.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ShopifySim } from "./index";
import { simWithClient, type GqlResponse } from "./test-support";

let sim: ShopifySim;
let gql: (q: string, v?: Record<string, unknown>) => Promise<GqlResponse>;

const SET = `mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) { inventoryAdjustmentGroup { id } userErrors { code } }
}`;

beforeAll(async () => {
  ({ sim, gql } = await simWithClient());
});
afterAll(() => sim.close());
beforeEach(() => {
  sim.clearFaults();
  sim.shop().counters.maxConcurrentWriters = 0;
  sim.setLatency(80);
});

let keys = 0;
function write(run: string, index = 0) {
  const variant = sim.shop().variantList[index];
  return gql(SET, {
    key: `wc-${++keys}`,
    input: {
      name: "available",
      reason: "correction",
      referenceDocumentUri: `gid://whiplash-sync/SyncRun/${run}`,
      quantities: [{ inventoryItemId: `gid://shopify/InventoryItem/${variant.inventoryItemId}`, locationId: `gid://shopify/Location/${variant.levels[0].locationId}`, quantity: 7, changeFromQuantity: null }],
    },
  });
}

describe("concurrent writers per shop", () => {
  it("several calls of one writer run in flight together count as one writer", async () => {
    await Promise.all([write("run-a", 0), write("run-a", 1), write("run-a", 2)]);
    expect(sim.shop().counters.maxConcurrentWriters).toBe(1);
    expect(sim.shop().writesInFlight.size).toBe(0);
  });

  it("two runs overlapping in time count as two writers; one after the other as one", async () => {
    await write("run-b");
    await write("run-c");
    expect(sim.shop().counters.maxConcurrentWriters).toBe(1);
    await Promise.all([write("run-d", 0), write("run-e", 1)]);
    expect(sim.shop().counters.maxConcurrentWriters).toBe(2);
  });

  it("a faulted or hanging call still counts while its connection is open", async () => {
    sim.addFault({ kind: "hang", hangMs: 300, operation: "mutation" });
    const hung = write("run-f", 0).catch(() => "cut");
    await new Promise((r) => setTimeout(r, 50));
    await write("run-g", 1);
    expect(await hung).toBe("cut");
    expect(sim.shop().counters.maxConcurrentWriters).toBe(2);
    await new Promise((r) => setTimeout(r, 50)); // the server sees the cut connection close a moment later
    expect(sim.shop().writesInFlight.size).toBe(0);
  });
});

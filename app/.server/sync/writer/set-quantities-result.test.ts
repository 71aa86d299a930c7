import { describe, expect, it } from "vitest";
import type { WriteEntry } from "./evaluate-pending";
import { interpretSetQuantities, quantityIndex } from "./set-quantities-result";

const entry = (i: number): WriteEntry => ({
  row: { shopId: "s", itemId: `i${i}`, locationId: "L", wanted: i, trigger: "WEBHOOK", force: false, runId: null, attempts: 0, enqueuedAt: new Date(0) },
  inventoryItemId: `gid://shopify/InventoryItem/${i}`,
  locationId: "L",
  quantity: i,
  before: null,
  reason: "ALWAYS",
});
const entries = [0, 1, 2, 3].map(entry);
const payload = (group: boolean, userErrors: { code: string; field: string[] | null; message: string }[]) => ({
  inventorySetQuantities: { inventoryAdjustmentGroup: group ? { id: "g" } : null, userErrors: userErrors as never },
});

describe("interpretSetQuantities", () => {
  it("reads the quantity index from the error's field path", () => {
    expect(quantityIndex({ code: null, field: ["input", "quantities", "3", "locationId"], message: "" })).toBe(3);
    expect(quantityIndex({ code: null, field: ["input", "reason"], message: "" })).toBeUndefined();
  });

  it("all written when there are no userErrors", () => {
    expect(interpretSetQuantities(entries, payload(true, [])).written).toHaveLength(4);
  });

  it("nothing applied (group null): bad entries split out, the rest re-sent", () => {
    const out = interpretSetQuantities(
      entries,
      payload(false, [
        { code: "ITEM_NOT_STOCKED_AT_LOCATION", field: ["input", "quantities", "1", "locationId"], message: "not stocked" },
        { code: "INVALID_INVENTORY_ITEM", field: ["input", "quantities", "2", "inventoryItemId"], message: "gone" },
      ]),
    );
    expect(out.activate.map((e) => e.row.itemId)).toEqual(["i1"]);
    expect(out.failed.map((f) => [f.entry.row.itemId, f.code])).toEqual([["i2", "INVALID_INVENTORY_ITEM"]]);
    expect(out.resend.map((e) => e.row.itemId)).toEqual(["i0", "i3"]);
    expect(out.written).toEqual([]);
  });

  it("an item already activated once that is still not stocked fails instead of looping", () => {
    const activated = [{ ...entry(0), activated: true }];
    const out = interpretSetQuantities(activated, payload(false, [{ code: "ITEM_NOT_STOCKED_AT_LOCATION", field: ["input", "quantities", "0", "locationId"], message: "x" }]));
    expect(out.failed).toHaveLength(1);
    expect(out.activate).toHaveLength(0);
  });

  it("IDEMPOTENCY_CONCURRENT_REQUEST retries the same call; a key mismatch re-sends under a new key", () => {
    expect(interpretSetQuantities(entries, payload(false, [{ code: "IDEMPOTENCY_CONCURRENT_REQUEST", field: null, message: "" }])).retrySameCall).toBe(true);
    const mismatch = interpretSetQuantities(entries, payload(false, [{ code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH", field: null, message: "" }]));
    expect(mismatch.resend).toHaveLength(4);
  });

  it("a call-level error we cannot fix (INVALID_REASON) fails every entry with it", () => {
    const out = interpretSetQuantities(entries, payload(false, [{ code: "INVALID_REASON", field: ["input", "reason"], message: "bad" }]));
    expect(out.failed.map((f) => f.code)).toEqual(Array(4).fill("INVALID_REASON"));
  });

  it("CHANGE_FROM_QUANTITY_STALE: that entry is to be re-read and retried, not failed; the rest are re-sent", () => {
    const out = interpretSetQuantities(
      entries,
      payload(false, [{ code: "CHANGE_FROM_QUANTITY_STALE", field: ["input", "quantities", "1", "changeFromQuantity"], message: "stale" }]),
    );
    expect(out.stale.map((e) => e.row.itemId)).toEqual(["i1"]);
    expect(out.failed).toEqual([]);
    expect(out.resend.map((e) => e.row.itemId)).toEqual(["i0", "i2", "i3"]);
  });
});

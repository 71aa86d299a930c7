// inventorySetQuantities and inventoryActivate over HTTP: input rules, userErrors, idempotency,
// all-or-nothing application and the inventory history.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ShopifySim } from "./index";
import type { VariantRecord } from "./state";
import { simWithClient, type GqlResponse } from "./test-support";

let sim: ShopifySim;
let gql: (q: string, v?: Record<string, unknown>) => Promise<GqlResponse>;
let appLocation: string;
let shopLocation: string;

const SET = `mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id reason referenceDocumentUri changes { name delta quantityAfterChange item { id } location { id } } }
    userErrors { code field message }
  }
}`;
const ACTIVATE = `mutation Activate($item: ID!, $location: ID!, $available: Int, $key: String!) {
  inventoryActivate(inventoryItemId: $item, locationId: $location, available: $available) @idempotent(key: $key) {
    inventoryLevel { id location { id } quantities(names: ["available"]) { name quantity } }
    userErrors { field message }
  }
}`;

const itemGid = (v: VariantRecord) => `gid://shopify/InventoryItem/${v.inventoryItemId}`;
let key = 0;
const nextKey = () => `key-${++key}-${Date.now()}`;

function quantity(v: VariantRecord, q: number, extra: Record<string, unknown> = {}) {
  return { inventoryItemId: itemGid(v), locationId: appLocation, quantity: q, changeFromQuantity: null, ...extra };
}

function input(quantities: unknown[], extra: Record<string, unknown> = {}) {
  return { name: "available", reason: "correction", referenceDocumentUri: "gid://whiplash-sync/SyncRun/run-1", quantities, ...extra };
}

const available = (v: VariantRecord, locationGid = appLocation) =>
  v.levels.find((l) => `gid://shopify/Location/${l.locationId}` === locationGid)?.available;

beforeAll(async () => {
  ({ sim, gql } = await simWithClient());
  const [app, own] = [...sim.shop().locations.values()];
  appLocation = `gid://shopify/Location/${app.id}`;
  shopLocation = `gid://shopify/Location/${own.id}`;
});
afterAll(() => sim.close());
beforeEach(() => sim.shop().bucket.fill());

const variants = () => sim.shop().variantList;
const unstockedAtShopLocation = () => variants().find((v) => v.levels.length === 1)!;

describe("inventorySetQuantities", () => {
  it("sets available quantities, returns the adjustment group and records history with the reference document and caller", async () => {
    const [a, b] = variants();
    const res = await gql(SET, { key: nextKey(), input: input([quantity(a, 11), quantity(b, 0)]) });
    const payload = res.body.data.inventorySetQuantities;
    expect(payload.userErrors).toEqual([]);
    expect(payload.inventoryAdjustmentGroup).toMatchObject({ reason: "correction", referenceDocumentUri: "gid://whiplash-sync/SyncRun/run-1" });
    expect(payload.inventoryAdjustmentGroup.changes).toContainEqual(
      expect.objectContaining({ name: "available", quantityAfterChange: 11, item: { id: itemGid(a) }, location: { id: appLocation } }),
    );
    expect(available(a)).toBe(11);
    expect(available(b)).toBe(0);
    const history = sim.history(sim.defaultShop!, itemGid(a));
    expect(history.at(-1)).toMatchObject({
      referenceDocumentUri: "gid://whiplash-sync/SyncRun/run-1",
      reason: "correction",
      source: "inventorySetQuantities",
      caller: { type: "app", clientId: "sim-test-key", tokenType: "offline" },
      availableAfter: 11,
    });
  });

  it("compares changeFromQuantity when given and reports CHANGE_FROM_QUANTITY_STALE", async () => {
    const v = variants()[2];
    const current = available(v)!;
    const stale = await gql(SET, { key: nextKey(), input: input([quantity(v, 5, { changeFromQuantity: current + 1 })]) });
    expect(stale.body.data.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [{ code: "CHANGE_FROM_QUANTITY_STALE", field: ["input", "quantities", "0", "changeFromQuantity"], message: "The changeFromQuantity value does not match persisted value." }],
    });
    expect(available(v)).toBe(current);
    const ok = await gql(SET, { key: nextKey(), input: input([quantity(v, 5, { changeFromQuantity: current })]) });
    expect(ok.body.data.inventorySetQuantities.userErrors).toEqual([]);
    expect(available(v)).toBe(5);
  });

  it("requires changeFromQuantity on every quantity (explicit null is fine)", async () => {
    const v = variants()[3];
    const q = { inventoryItemId: itemGid(v), locationId: appLocation, quantity: 1 };
    const res = await gql(SET, { key: nextKey(), input: input([q]) });
    expect(res.body.data).toEqual({ inventorySetQuantities: null });
    expect(res.body.errors[0]).toMatchObject({
      message: "InventoryQuantityInput must include the following argument: changeFromQuantity.",
      extensions: { code: "INVALID_FIELD_ARGUMENTS" },
      path: ["inventorySetQuantities"],
    });
  });

  it("requires the @idempotent directive, like Shopify since 2026-04", async () => {
    const res = await gql(
      `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { userErrors { code } } }`,
      { input: input([quantity(variants()[0], 1)]) },
    );
    expect(res.body.data).toEqual({ inventorySetQuantities: null });
    expect(res.body.errors[0]).toMatchObject({
      message: "The @idempotent directive is required for this mutation but was not provided.",
      extensions: { code: "BAD_REQUEST" },
    });
  });

  it("rejects removed 2025 fields (compareQuantity, ignoreCompareQuantity) as Shopify's schema does", async () => {
    const res = await gql(
      `mutation { inventorySetQuantities(input: { name: "available", reason: "correction", ignoreCompareQuantity: true, quantities: [] }) @idempotent(key: "x") { userErrors { code } } }`,
    );
    expect(res.status).toBe(200);
    expect(res.body.errors[0].message).toMatch(/ignoreCompareQuantity/);
    expect(res.body.data).toBeUndefined();
  });

  it("replays the first result for the same key and variables without applying again", async () => {
    const v = variants()[4];
    const k = nextKey();
    const first = await gql(SET, { key: k, input: input([quantity(v, 30)]) });
    sim.shop().inventoryItems.get(v.inventoryItemId)!.levels[0].available = 7; // a merchant changed it meanwhile
    const groupsBefore = sim.shop().history.length;
    const replay = await gql(SET, { key: k, input: input([quantity(v, 30)]) });
    expect(replay.body.data).toEqual(first.body.data);
    expect(available(v)).toBe(7);
    expect(sim.shop().history.length).toBe(groupsBefore);
    expect(sim.shop().counters.idempotentReplays).toBeGreaterThan(0);
  });

  it("answers IDEMPOTENCY_KEY_PARAMETER_MISMATCH for the same key with different variables", async () => {
    const v = variants()[5];
    const k = nextKey();
    await gql(SET, { key: k, input: input([quantity(v, 1)]) });
    const res = await gql(SET, { key: k, input: input([quantity(v, 2)]) });
    expect(res.body.data.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: null,
      userErrors: [{ code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH", field: null, message: "The same idempotency key cannot be used with different operation parameters." }],
    });
    expect(available(v)).toBe(1);
  });

  it("reports every bad quantity with its code and applies nothing (all-or-nothing)", async () => {
    const [good, dup, neg] = variants().slice(6, 9);
    const unstocked = unstockedAtShopLocation();
    const before = available(good);
    const res = await gql(SET, {
      key: nextKey(),
      input: input([
        quantity(good, 77),
        { inventoryItemId: "gid://shopify/InventoryItem/1", locationId: appLocation, quantity: 1, changeFromQuantity: null },
        { inventoryItemId: itemGid(good), locationId: "gid://shopify/Location/1", quantity: 1, changeFromQuantity: null },
        quantity(unstocked, 3, { locationId: shopLocation }),
        quantity(neg, -1),
        quantity(dup, 1),
        quantity(dup, 2),
      ]),
    });
    const payload = res.body.data.inventorySetQuantities;
    expect(payload.inventoryAdjustmentGroup).toBeNull();
    expect(payload.userErrors.map((e: { code: string; field: string[] }) => [e.code, e.field.join(".")])).toEqual([
      ["INVALID_INVENTORY_ITEM", "input.quantities.1.inventoryItemId"],
      ["INVALID_LOCATION", "input.quantities.2.locationId"],
      ["ITEM_NOT_STOCKED_AT_LOCATION", "input.quantities.3.locationId"],
      ["INVALID_QUANTITY_NEGATIVE", "input.quantities.4.quantity"],
      ["NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", "input.quantities.6"],
    ]);
    expect(available(good)).toBe(before);
  });

  it("accepts only the names available and on_hand, and documented reasons and reference URIs", async () => {
    const v = variants()[9];
    const res = await gql(SET, { key: nextKey(), input: input([quantity(v, 1)], { name: "committed", reason: "because", referenceDocumentUri: "gid://x" }) });
    expect(res.body.data.inventorySetQuantities.userErrors.map((e: { code: string }) => e.code)).toEqual([
      "INVALID_NAME",
      "INVALID_REASON",
      "INVALID_REFERENCE_DOCUMENT",
    ]);
  });

  it("sets on_hand by moving available by the same delta", async () => {
    const v = variants().find((x) => x.levels[0].committed > 0) ?? variants()[10];
    const level = v.levels[0];
    const committed = level.committed;
    const res = await gql(SET, { key: nextKey(), input: input([quantity(v, 50)], { name: "on_hand" }) });
    expect(res.body.data.inventorySetQuantities.userErrors).toEqual([]);
    expect(level.available + level.committed).toBe(50);
    expect(level.available).toBe(50 - committed);
  });

  it("refuses more than 250 quantities before running anything", async () => {
    const quantities = Array.from({ length: 251 }, () => quantity(variants()[0], 1));
    const res = await gql(SET, { key: nextKey(), input: input(quantities) });
    expect(res.body.data).toBeUndefined();
    expect(res.body.errors).toEqual([
      {
        message: "The input array size of 251 is greater than the maximum allowed of 250.",
        locations: [expect.any(Object)],
        path: ["inventorySetQuantities", "input", "quantities"],
        extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
      },
    ]);
  });

  it("takes 250 quantities in one call", async () => {
    const batch = variants().slice(0, 250);
    expect(batch.length).toBeGreaterThan(50);
    const res = await gql(SET, { key: nextKey(), input: input(batch.map((v, i) => quantity(v, 1000 + i))) });
    expect(res.body.data.inventorySetQuantities.userErrors).toEqual([]);
    batch.forEach((v, i) => expect(available(v)).toBe(1000 + i));
  });
});

describe("inventoryActivate", () => {
  it("stocks an item at a location so inventorySetQuantities can then set it (same key retried after the failure)", async () => {
    const v = unstockedAtShopLocation();
    const k = nextKey();
    const batch = { key: k, input: input([quantity(v, 4, { locationId: shopLocation })]) };
    const first = await gql(SET, batch);
    expect(first.body.data.inventorySetQuantities.userErrors[0].code).toBe("ITEM_NOT_STOCKED_AT_LOCATION");

    const activated = await gql(ACTIVATE, { item: itemGid(v), location: shopLocation, available: 0, key: nextKey() });
    expect(activated.body.data.inventoryActivate).toMatchObject({
      userErrors: [],
      inventoryLevel: { location: { id: shopLocation }, quantities: [{ name: "available", quantity: 0 }] },
    });
    const retry = await gql(SET, batch);
    expect(retry.body.data.inventorySetQuantities.userErrors).toEqual([]);
    expect(available(v, shopLocation)).toBe(4);
  });

  it("returns the existing level when already stocked, and errors for unknown ids", async () => {
    const v = variants()[0];
    const again = await gql(ACTIVATE, { item: itemGid(v), location: appLocation, key: nextKey() });
    expect(again.body.data.inventoryActivate.userErrors).toEqual([]);
    const unknown = await gql(ACTIVATE, { item: "gid://shopify/InventoryItem/1", location: appLocation, key: nextKey() });
    expect(unknown.body.data.inventoryActivate).toMatchObject({ inventoryLevel: null, userErrors: [{ field: ["inventoryItemId"] }] });
  });

  it("requires @idempotent", async () => {
    const res = await gql(`mutation { inventoryActivate(inventoryItemId: "gid://shopify/InventoryItem/1", locationId: "gid://shopify/Location/1") { userErrors { message } } }`);
    expect(res.body.errors[0].extensions.code).toBe("BAD_REQUEST");
  });
});

import { describe, expect, it } from "vitest";
import { LINK, LOCATION, SHOP, customer, item } from "../../domain/test-support/fixtures";
import { collectLevels, compareShop, type ReconcileEntry } from "./reconcile-compare";

const II = LINK.inventoryItemId;
const jsonl = (available: number | null, tracked = true) =>
  [
    JSON.stringify({ id: II, tracked }),
    ...(available === null ? [] : [JSON.stringify({ location: { id: LOCATION }, quantities: [{ name: "available", quantity: available }], __parentId: II })]),
    JSON.stringify({ id: "gid://shopify/InventoryItem/999", tracked: true }),
    JSON.stringify({ location: { id: LOCATION }, quantities: [{ name: "available", quantity: 1 }], __parentId: "gid://shopify/InventoryItem/999" }),
  ].join("\n");

const entry = (patch: Partial<ReconcileEntry> = {}): ReconcileEntry => ({
  itemId: "item-1",
  sku: "SKU-1",
  variantId: "gid://shopify/ProductVariant/1",
  item: item({ syncSetting: "ALWAYS", sellableByWarehouse: { 1: 10 } }),
  link: LINK,
  written: { [LOCATION]: 10 },
  ...patch,
});

const SNAPSHOT_AT = new Date("2026-03-01T10:00:00Z");
const run = (lines: string, e = entry(), driftPolicy: "CORRECT" | "FLAG" = "CORRECT") =>
  compareShop({ shop: SHOP, customer: customer(), driftPolicy, entries: [e], shopify: collectLevels(lines.split("\n"), new Set([II])), snapshotAt: SNAPSHOT_AT });

describe("collectLevels", () => {
  it("keeps only managed inventory items", () => {
    const levels = collectLevels(jsonl(4).split("\n"), new Set([II]));
    expect([...levels.keys()]).toEqual([II]);
    expect(levels.get(II)?.levels.get(LOCATION)).toBe(4);
  });
});

describe("compareShop", () => {
  it("counts matching levels and records what Shopify shows", () => {
    const out = run(jsonl(10));
    expect(out).toMatchObject({ checked: 1, matching: 1, discrepancies: [], fixes: [] });
    expect(out.known).toEqual([{ inventoryItemId: II, locationId: LOCATION, quantity: 10 }]);
  });

  it("drift: corrected or flagged per the customer's policy", () => {
    const corrected = run(jsonl(4));
    expect(corrected.discrepancies).toMatchObject([{ kind: "DRIFT", expected: 10, shopify: 4, action: "QUEUED" }]);
    expect(corrected.fixes).toEqual([{ itemId: "item-1", locationId: LOCATION, wanted: 10 }]);
    expect(corrected.drifted).toEqual(["item-1"]);
    const flagged = run(jsonl(4), entry(), "FLAG");
    expect(flagged.discrepancies).toMatchObject([{ kind: "DRIFT", action: "FLAGGED" }]);
    expect(flagged.fixes).toEqual([]);
  });

  it("behind: Shopify shows our last write but the warehouse moved on", () => {
    const out = run(jsonl(10), entry({ item: item({ syncSetting: "ALWAYS", sellableByWarehouse: { 1: 12 } }) }), "FLAG");
    expect(out.discrepancies).toMatchObject([{ kind: "BEHIND", expected: 12, shopify: 10, action: "QUEUED" }]);
    expect(out.fixes).toHaveLength(1);
  });

  it("not stocked at the location: queued (the writer activates it); not tracked: reported only", () => {
    expect(run(jsonl(null)).discrepancies).toMatchObject([{ kind: "NOT_STOCKED", action: "QUEUED" }]);
    const untracked = run(jsonl(3, false));
    expect(untracked.discrepancies).toMatchObject([{ kind: "NOT_TRACKED", action: "FLAGGED" }]);
    expect(untracked.fixes).toEqual([]);
  });

  it("does not compare a level we learned after the bulk read started (issue 12, item 8)", () => {
    // We wrote 12 after the read started; the snapshot still shows the 10 from before.
    const later = entry({ item: item({ syncSetting: "ALWAYS", sellableByWarehouse: { 1: 12 } }), written: { [LOCATION]: 12 } });
    const newer = run(jsonl(10), { ...later, knownAt: { [LOCATION]: new Date(SNAPSHOT_AT.getTime() + 1) } });
    expect(newer).toMatchObject({ checked: 0, discrepancies: [], fixes: [], known: [], drifted: [] });
    // Known before (or as of) the snapshot: compared as usual (here: Shopify differs from our write).
    for (const at of [SNAPSHOT_AT, new Date(SNAPSHOT_AT.getTime() - 1), null]) {
      const older = run(jsonl(10), { ...later, knownAt: { [LOCATION]: at } });
      expect(older.discrepancies).toMatchObject([{ kind: "DRIFT", shopify: 10 }]);
      expect(older.known).toEqual([{ inventoryItemId: II, locationId: LOCATION, quantity: 10 }]);
    }
  });

  it("leaves items the rules do not publish alone", () => {
    const out = run(jsonl(3), entry({ item: item({ syncSetting: "NEVER", sellableByWarehouse: { 1: 10 } }) }));
    expect(out).toMatchObject({ checked: 0, discrepancies: [], fixes: [] });
  });
});

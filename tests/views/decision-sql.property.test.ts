// The Items page's SQL filters against the domain core's syncTarget (the function the writer obeys, see
// tests/sync/one-decision.property.test.ts), which closes the chain list filter = row = writer:
// - the mismatch filter computes rule 3.5 in SQL; proven equal to the row view (viewItem, from
//   syncTarget's per-location quantities) on random items, ship notices, mappings, buffers and known levels;
// - the decision filter is built from the domain's decision per column combination; proven equal to
//   syncTarget's decision on random catalogs, and a table check covers the combinations.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CustomerPrefs, ItemState, ShopPrefs, ShipLineState } from "../../app/domain";
import { ITEM_SYNC_SETTINGS, newItemState, SYNC_SETTINGS, syncTarget } from "../../app/domain";
import { saveItemState, upsertImportedItem } from "../../app/.server/db/items";
import { viewItem } from "../../app/.server/views/item-view";
import { countItems } from "../../app/.server/db/item-list-queries";
import { listItems, parseItemListQuery } from "../../app/.server/views/item-list";
import { loadConnectedScope } from "../../app/.server/db/shop-scope";
import { allCombos, decisionForCombo, DECISION_FILTERS, decisionMatches, LIST_TRIGGER } from "../../app/.server/db/decision-sql";
import { createTestDb, type TestDb } from "../support/test-db";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.drop());

const LOCS = ["gid://shopify/Location/1", "gid://shopify/Location/2"];
const WAREHOUSES = [1, 2, 3];

const lineArb = fc.record({
  warehouseId: fc.constantFrom(...WAREHOUSES),
  notice: fc.integer({ min: 0, max: 1 }),
  expected: fc.integer({ min: -2, max: 20 }),
  receivedGood: fc.integer({ min: -1, max: 20 }),
  damaged: fc.integer({ min: 0, max: 5 }),
  publish: fc.boolean(),
  completed: fc.boolean(),
});

const itemArb = fc.record({
  stock: fc.dictionary(fc.constantFrom("1", "2", "3"), fc.integer({ min: -3, max: 30 }), { maxKeys: 3 }),
  lines: fc.array(lineArb, { maxLength: 3 }),
  syncSetting: fc.constantFrom(...ITEM_SYNC_SETTINGS),
  bufferOverride: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  // Whiplash's include_inbound_in_published (docs/decisions/0010): null = not reported.
  includeInbound: fc.option(fc.boolean(), { nil: null }),
  known: fc.array(fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }), { minLength: 2, maxLength: 2 }),
  // Units of open Shopify orders Whiplash has not imported yet (rule 3.9), per location: [order, location, units].
  inFlight: fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.constantFrom(0, 1), fc.integer({ min: 1, max: 6 })), { maxLength: 3 }),
});

const worldArb = fc.record({
  mapping: fc.dictionary(fc.constantFrom("1", "2", "3"), fc.constantFrom(...LOCS), { maxKeys: 3 }),
  defaultLocation: fc.option(fc.constantFrom(...LOCS), { nil: null }),
  defaultSyncSetting: fc.constantFrom("NEVER", "ALWAYS", "PROCESS_ORDERS_ONLY" as const),
  defaultBuffer: fc.integer({ min: 0, max: 4 }),
  items: fc.array(itemArb, { minLength: 1, maxLength: 6 }),
});

let shopNo = 0;

type World = typeof worldArb extends fc.Arbitrary<infer W> ? W : never;

async function checkWorld(world: World): Promise<void> {
        const shopId = `prop-${++shopNo}.myshopify.com`;
        const customer = await db.prisma.customer.create({
          data: {
            whiplashCustomerId: 1_000_000 + shopNo,
            defaultSyncSetting: world.defaultSyncSetting,
            defaultBuffer: world.defaultBuffer,
          },
        });
        await db.prisma.shop.create({ data: { id: shopId, customerId: customer.id, defaultLocationId: world.defaultLocation } });
        for (const [w, loc] of Object.entries(world.mapping)) {
          await db.prisma.warehouseLocation.create({ data: { shopId, warehouseId: Number(w), locationId: loc } });
        }
        const expected = new Map<string, boolean>();
        const shop: ShopPrefs = {
          syncEnabled: true,
          defaultLocationId: world.defaultLocation,
          warehouseLocations: Object.fromEntries(Object.entries(world.mapping).map(([w, l]) => [Number(w), l])),
        };
        const prefs: CustomerPrefs = { defaultSyncSetting: world.defaultSyncSetting, processOrdersMode: "MANUAL", defaultBuffer: world.defaultBuffer };
        const completedNotices = new Set(
          world.items.flatMap((it) => it.lines.filter((g) => g.completed).map((g) => 100 * g.warehouseId + g.notice)),
        );
        let k = 0;
        for (const gen of world.items) {
          k++;
          const sku = `P${shopNo}-${k}`;
          const { id } = await upsertImportedItem(db.prisma, customer.id, { whiplashItemId: k, sku });
          const lines: ShipLineState[] = gen.lines.map((l, j) => ({
            shipNoticeId: 100 * l.warehouseId + l.notice,
            lineId: k * 10 + j + 1, // unique within a notice across items
            warehouseId: l.warehouseId,
            expected: Math.max(0, l.expected),
            receivedGood: Math.max(0, l.receivedGood),
            damaged: l.damaged,
            publish: l.publish,
            completed: false,
            lastEventAt: null,
          }));
          // A notice is completed as a whole (its status), whichever item's line says so.
          for (const line of lines) line.completed = completedNotices.has(line.shipNoticeId);
          const state: ItemState = {
            ...newItemState({ whiplashItemId: k, sku }),
            sellableByWarehouse: Object.fromEntries(Object.entries(gen.stock).map(([w, q]) => [Number(w), q])),
            syncSetting: gen.syncSetting,
            bufferOverride: gen.bufferOverride,
            whiplashIncludeInbound: gen.includeInbound,
            shipLines: lines,
          };
          await saveItemState(db.prisma, id, state);
          const inventoryItemId = `gid://shopify/InventoryItem/${shopNo}-${k}`;
          await db.prisma.itemLink.create({
            data: { shopId, itemId: id, productId: "p", variantId: `v${shopNo}-${k}`, inventoryItemId, tracked: true },
          });
          const known: Record<string, number | null> = {};
          for (const [i, q] of gen.known.entries()) {
            if (q === undefined) continue;
            known[LOCS[i]] = q;
            await db.prisma.shopifyLevel.create({ data: { shopId, inventoryItemId, locationId: LOCS[i], knownQuantity: q } });
          }
          const unitsInFlight: Record<string, number> = {};
          for (const [order, loc, units] of gen.inFlight) {
            const orderId = `${shopNo}-${k}-${order}`;
            await db.prisma.inFlightOrder.upsert({
              where: { shopId_orderId: { shopId, orderId } },
              create: { shopId, orderId, seenAt: new Date() },
              update: {},
            });
            // One line per (order, item, location): a second tuple for the same pair adds to it.
            await db.prisma.inFlightLine.upsert({
              where: { shopId_orderId_itemId_locationId: { shopId, orderId, itemId: id, locationId: LOCS[loc] } },
              create: { shopId, orderId, itemId: id, locationId: LOCS[loc], units },
              update: { units: { increment: units } },
            });
            unitsInFlight[LOCS[loc]] = (unitsInFlight[LOCS[loc]] ?? 0) + units;
          }
          expected.set(sku, viewItem(shop, prefs, state, { inventoryItemId, tracked: true, unitsInFlight }, known).mismatch);
        }
        const scope = (await loadConnectedScope(db.prisma, shopId))!;
        const page = await listItems(db.prisma, scope, parseItemListQuery(new URLSearchParams("mismatch=yes")), { pageSize: 100 });
        const got = new Set(page.rows.map((r) => r.sku));
        for (const [sku, want] of expected) expect(got.has(sku), sku).toBe(want);
        // The rows say the same as the filter (the list shows a mismatch badge per row).
        const all = await listItems(db.prisma, scope, parseItemListQuery(new URLSearchParams()), { pageSize: 100 });
        for (const row of all.rows) expect(row.mismatch, `row ${row.sku}`).toBe(expected.get(row.sku));
        expect(await countItems(db.prisma, scope, { mismatch: "yes" })).toBe([...expected.values()].filter(Boolean).length);
}

describe("mismatch filter = domain core", () => {
  it("agrees on a found counterexample (lines at a mapped and an unmapped warehouse, no stock)", async () => {
    await checkWorld({
      mapping: { "1": LOCS[1] },
      defaultLocation: LOCS[0],
      defaultSyncSetting: "NEVER",
      defaultBuffer: 0,
      items: [
        {
          stock: {},
          lines: [
            { warehouseId: 1, notice: 0, expected: 0, receivedGood: 0, damaged: 0, publish: false, completed: false },
            { warehouseId: 3, notice: 0, expected: 0, receivedGood: 0, damaged: 0, publish: false, completed: false },
          ],
          syncSetting: "CUSTOMER_DEFAULT",
          bufferOverride: null,
          includeInbound: null,
          known: [1, undefined],
          inFlight: [],
        },
      ],
    });
  });

  it("agrees when Whiplash does not include inbound in published (published line, stock 3, Shopify shows 3)", async () => {
    for (const includeInbound of [false, true, null]) {
      await checkWorld({
        mapping: {},
        defaultLocation: LOCS[0],
        defaultSyncSetting: "ALWAYS",
        defaultBuffer: 0,
        items: [
          {
            stock: { "1": 3 },
            lines: [{ warehouseId: 1, notice: 0, expected: 10, receivedGood: 0, damaged: 0, publish: true, completed: false }],
            syncSetting: "CUSTOMER_DEFAULT",
            bufferOverride: null,
            includeInbound,
            known: [3, undefined],
            inFlight: [],
          },
        ],
      });
    }
  });

  it("agrees when units are in open orders Whiplash has not imported (stock 10, 3 in flight, Shopify shows 7)", async () => {
    for (const known of [7, 10]) {
      await checkWorld({
        mapping: {},
        defaultLocation: LOCS[0],
        defaultSyncSetting: "ALWAYS",
        defaultBuffer: 0,
        items: [
          {
            stock: { "1": 10 },
            lines: [],
            syncSetting: "CUSTOMER_DEFAULT",
            bufferOverride: null,
            includeInbound: null,
            known: [known, undefined],
            inFlight: [[0, 0, 3]],
          },
        ],
      });
    }
  });

  it("agrees with the row view (syncTarget's quantities) on random catalogs", async () => {
    await fc.assert(fc.asyncProperty(worldArb, checkWorld), { numRuns: 40, endOnFailure: true });
  });
});

// Every item maps to a location here (a default location is always set): NO_LOCATION depends on the
// item's warehouses and the mapping, not on the columns the decision filter enumerates, and is not one of
// the list's reasons (the row itself shows it; see decision-sql.ts).
const decisionWorldArb = fc.record({
  syncEnabled: fc.boolean(),
  mapping: fc.dictionary(fc.constantFrom("1", "2", "3"), fc.constantFrom(...LOCS), { maxKeys: 3 }),
  defaultLocation: fc.constantFrom(...LOCS),
  defaultSyncSetting: fc.constantFrom(...SYNC_SETTINGS),
  items: fc.array(
    fc.record({
      syncSetting: fc.constantFrom(...ITEM_SYNC_SETTINGS),
      processOrders: fc.boolean(),
      tracked: fc.boolean(),
      stock: fc.dictionary(fc.constantFrom("1", "2", "3"), fc.integer({ min: 0, max: 5 }), { maxKeys: 2 }),
    }),
    { minLength: 1, maxLength: 8 },
  ),
});
type DecisionWorld = typeof decisionWorldArb extends fc.Arbitrary<infer W> ? W : never;

async function checkDecisionWorld(world: DecisionWorld): Promise<void> {
  const shopId = `dec-${++shopNo}.myshopify.com`;
  const customer = await db.prisma.customer.create({
    data: { whiplashCustomerId: 1_000_000 + shopNo, defaultSyncSetting: world.defaultSyncSetting, defaultBuffer: 0 },
  });
  await db.prisma.shop.create({ data: { id: shopId, customerId: customer.id, defaultLocationId: world.defaultLocation, syncEnabled: world.syncEnabled } });
  for (const [w, loc] of Object.entries(world.mapping)) {
    await db.prisma.warehouseLocation.create({ data: { shopId, warehouseId: Number(w), locationId: loc } });
  }
  const scope = (await loadConnectedScope(db.prisma, shopId))!;
  const decisions = new Map<string, ReturnType<typeof syncTarget>["decision"]>();
  let k = 0;
  for (const gen of world.items) {
    k++;
    const sku = `D${shopNo}-${k}`;
    const { id } = await upsertImportedItem(db.prisma, customer.id, { whiplashItemId: k, sku });
    const state: ItemState = {
      ...newItemState({ whiplashItemId: k, sku }),
      sellableByWarehouse: Object.fromEntries(Object.entries(gen.stock).map(([w, q]) => [Number(w), q])),
      syncSetting: gen.syncSetting,
      processOrders: gen.processOrders,
      processOrdersSetBy: "PERSON",
    };
    await saveItemState(db.prisma, id, state);
    const inventoryItemId = `gid://shopify/InventoryItem/${shopNo}-${k}`;
    await db.prisma.itemLink.create({
      data: { shopId, itemId: id, productId: "p", variantId: `v${shopNo}-${k}`, inventoryItemId, tracked: gen.tracked },
    });
    // The prefs as the app loads them, so the check does not depend on how this test spells them.
    const link = { inventoryItemId, tracked: gen.tracked };
    decisions.set(sku, syncTarget({ shop: scope.prefs, customer: scope.customerPrefs, item: state, link, trigger: LIST_TRIGGER }).decision);
  }
  const all = await listItems(db.prisma, scope, parseItemListQuery(new URLSearchParams()), { pageSize: 100 });
  for (const row of all.rows) expect({ sku: row.sku, reason: row.reason }).toEqual({ sku: row.sku, reason: decisions.get(row.sku)!.reason });
  for (const filter of DECISION_FILTERS) {
    const want = [...decisions].filter(([, d]) => decisionMatches(d, filter)).map(([sku]) => sku).sort();
    const page = await listItems(db.prisma, scope, parseItemListQuery(new URLSearchParams({ reason: filter })), { pageSize: 100 });
    expect(page.rows.map((r) => r.sku).sort(), filter).toEqual(want);
    expect(await countItems(db.prisma, scope, { reason: filter }), filter).toBe(want.length);
  }
}

describe("decision filter = syncTarget", () => {
  it("selects exactly the items whose syncTarget decision matches, on random catalogs", async () => {
    await fc.assert(fc.asyncProperty(decisionWorldArb, checkDecisionWorld), { numRuns: 25, endOnFailure: true });
  });

  it("selects exactly the combinations the domain decides that way", () => {
    for (const syncEnabled of [true, false]) {
      for (const defaultSyncSetting of ["NEVER", "ALWAYS", "PROCESS_ORDERS_ONLY"] as const) {
        const shop: ShopPrefs = { syncEnabled, defaultLocationId: LOCS[0], warehouseLocations: {} };
        const customer: CustomerPrefs = { defaultSyncSetting, processOrdersMode: "MANUAL", defaultBuffer: 0 };
        for (const combo of allCombos()) {
          const d = decisionForCombo(shop, customer, combo);
          const matching = DECISION_FILTERS.filter((f) => decisionMatches(d, f));
          // Each combination is in exactly one reason filter plus SYNC or SKIP.
          expect(matching).toHaveLength(2);
          if (!syncEnabled) expect(d.reason).toBe("STORE_SYNC_OFF");
        }
      }
    }
  });
});

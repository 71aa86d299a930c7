// One contract for the shop writer's storage (issue 13 item 3): the same cases run against the Prisma
// store (the app's; SQLite here, PostgreSQL in the postgres leg) and the in-memory store the benchmarks
// use, so a benchmark measures the writer on the semantics the app has. Pending rows are queued through
// each store's own way in: upsertPendingSyncs (what fan-out, commands and reconcile call) for Prisma,
// upsertPending for memory.
import { afterEach, describe, expect, it } from "vitest";
import type { PrismaClient } from "@prisma/client";
import { upsertPendingSyncs, type PendingSyncInput } from "../../app/.server/db/pending-syncs";
import { PrismaWriterStore } from "../../app/.server/db/prisma-writer-store";
import { cursorAfter, type PendingRow, type WriterStore } from "../../app/.server/db/writer-store";
import { evaluatePending } from "../../app/.server/sync/writer/evaluate-pending";
import type { CustomerPrefs, ShopPrefs } from "../../app/domain/types";
import { MemoryWriterStore } from "../support/memory-writer-store";
import { createTestDb, type TestDb } from "../support/test-db";
import { itemState } from "../support/writer-world";

const SHOP = "contract.myshopify.com";
const LOC_A = "gid://shopify/Location/1";
const LOC_B = "gid://shopify/Location/2";
const SHOP_PREFS: ShopPrefs = { syncEnabled: true, defaultLocationId: LOC_A, warehouseLocations: {} };
const CUSTOMER: CustomerPrefs = { defaultSyncSetting: "ALWAYS", processOrdersMode: "ON_RECEIPT_OFF_AT_SELLOUT", defaultBuffer: 0 };

interface ItemSeed {
  id: string;
  /** The shop's customer, or another merchant's. */
  owner: "shop" | "other";
  sellable: number;
}

/** A store with one shop mapped to one customer, and the ways to change its world. */
interface Fixture {
  store: WriterStore;
  queue(rows: Omit<PendingSyncInput, "shopId">[]): Promise<void>;
  /** Every pending row of the shop, read around the store's scan. */
  pending(): Promise<PendingRow[]>;
  close(): Promise<void>;
}

interface FixtureOptions {
  items: ItemSeed[];
  uninstalled?: boolean;
}

function rowOf(r: PendingRow) {
  return { itemId: r.itemId, locationId: r.locationId, wanted: r.wanted, trigger: r.trigger, force: r.force };
}

/** Distinct enqueue times: the Prisma repository stamps rows with the clock (millisecond resolution). */
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

const fixtures: Record<string, (o: FixtureOptions) => Promise<Fixture>> = {
  async prisma(o) {
    const db: TestDb = await createTestDb();
    const prisma: PrismaClient = db.prisma;
    const mine = await prisma.customer.create({ data: { whiplashCustomerId: 1, defaultSyncSetting: "ALWAYS" } });
    const other = await prisma.customer.create({ data: { whiplashCustomerId: 2, defaultSyncSetting: "ALWAYS" } });
    await prisma.shop.create({
      data: { id: SHOP, customerId: mine.id, syncEnabled: true, defaultLocationId: LOC_A, uninstalledAt: o.uninstalled ? new Date() : null },
    });
    for (const [n, seed] of o.items.entries()) {
      const customerId = seed.owner === "shop" ? mine.id : other.id;
      await prisma.item.create({
        data: { id: seed.id, customerId, whiplashItemId: 100 + n, sku: `SKU-${n}`, receivedTotal: 1, processOrders: true, syncSetting: "ALWAYS", stock: { create: { warehouseId: 1, sellable: seed.sellable } } },
      });
      await prisma.itemLink.create({
        data: { shopId: SHOP, itemId: seed.id, productId: `gid://shopify/Product/${n}`, variantId: `gid://shopify/ProductVariant/${n}`, inventoryItemId: `gid://shopify/InventoryItem/${n}` },
      });
    }
    return {
      store: new PrismaWriterStore(prisma),
      queue: (rows) => upsertPendingSyncs(prisma, rows.map((r) => ({ ...r, shopId: SHOP }))),
      pending: async () => (await prisma.pendingSync.findMany({ where: { shopId: SHOP } })).map((r) => ({ ...r, trigger: r.trigger as PendingRow["trigger"] })),
      close: () => db.drop(),
    };
  },
  async memory(o) {
    const store = new MemoryWriterStore(SHOP, SHOP_PREFS, CUSTOMER, Date.now, "customer-mine");
    if (o.uninstalled) store.uninstalledAt = new Date();
    for (const [n, seed] of o.items.entries()) {
      store.items.set(seed.id, {
        customerId: seed.owner === "shop" ? "customer-mine" : "customer-other",
        item: { ...itemState({ 1: seed.sellable }), whiplashItemId: 100 + n, sku: `SKU-${n}` },
        link: { inventoryItemId: `gid://shopify/InventoryItem/${n}`, tracked: true },
      });
    }
    return {
      store,
      queue: async (rows) => store.upsertPending(rows.map((r) => ({ ...r, shopId: SHOP }))),
      pending: async () => store.nextPending(SHOP, null, 1_000_000),
      close: async () => {},
    };
  },
};

/** Drains the shop's pending set the way the writer pages through it. */
async function scan(store: WriterStore, limit: number): Promise<PendingRow[]> {
  const out: PendingRow[] = [];
  let cursor = null;
  for (;;) {
    const page = await store.nextPending(SHOP, cursor, limit);
    if (page.length === 0) return out;
    out.push(...page);
    cursor = cursorAfter(page[page.length - 1]);
  }
}

const items = (ids: string[], owner: ItemSeed["owner"] = "shop"): ItemSeed[] => ids.map((id, n) => ({ id, owner, sellable: 10 + n }));

for (const [name, make] of Object.entries(fixtures)) {
  describe(`writer store contract: ${name}`, () => {
    let f: Fixture | undefined;
    afterEach(async () => {
      await f?.close();
      f = undefined;
    });

    it("a pending SELLOUT stays SELLOUT when a later event for the item arrives before the writer sends it", async () => {
      f = await make({ items: items(["item-a"]) });
      await f.queue([{ itemId: "item-a", locationId: LOC_A, wanted: 0, trigger: "SELLOUT" }]);
      await tick();
      await f.queue([{ itemId: "item-a", locationId: LOC_A, wanted: 6, trigger: "WEBHOOK" }]);
      // The latest wanted quantity wins, the sell-out trigger is kept (rule 3.4: its 0 must still go out
      // before Process Orders goes off).
      expect((await f.pending()).map(rowOf)).toEqual([{ itemId: "item-a", locationId: LOC_A, wanted: 6, trigger: "SELLOUT", force: false }]);
      expect((await scan(f.store, 10)).map(rowOf)).toEqual([{ itemId: "item-a", locationId: LOC_A, wanted: 6, trigger: "SELLOUT", force: false }]);
    });

    it("an ordinary trigger is replaced by the later one, and force stays once asked for", async () => {
      f = await make({ items: items(["item-a"]) });
      await f.queue([{ itemId: "item-a", locationId: LOC_A, wanted: 1, trigger: "MANUAL", force: true }]);
      await tick();
      await f.queue([{ itemId: "item-a", locationId: LOC_A, wanted: 2, trigger: "WEBHOOK" }]);
      expect((await f.pending()).map(rowOf)).toEqual([{ itemId: "item-a", locationId: LOC_A, wanted: 2, trigger: "WEBHOOK", force: true }]);
    });

    it("scans in (item, location) order whatever the enqueue order, page by page, each row once", async () => {
      f = await make({ items: items(["item-a", "item-b", "item-c", "item-d"]) });
      await f.queue([{ itemId: "item-d", locationId: LOC_A, wanted: 1, trigger: "WEBHOOK" }]);
      await tick();
      await f.queue([
        { itemId: "item-b", locationId: LOC_B, wanted: 2, trigger: "WEBHOOK" },
        { itemId: "item-b", locationId: LOC_A, wanted: 3, trigger: "WEBHOOK" },
      ]);
      await tick();
      await f.queue([
        { itemId: "item-c", locationId: LOC_A, wanted: 4, trigger: "WEBHOOK" },
        { itemId: "item-a", locationId: LOC_A, wanted: 5, trigger: "WEBHOOK" },
      ]);
      const order = ["item-a|1", "item-b|1", "item-b|2", "item-c|1", "item-d|1"];
      const key = (r: PendingRow) => `${r.itemId}|${r.locationId.split("/").pop()}`;
      expect((await scan(f.store, 2)).map(key)).toEqual(order);
      expect((await scan(f.store, 1)).map(key)).toEqual(order);
      // Another shop's pending set is not this one's.
      expect(await f.store.nextPending("elsewhere.myshopify.com", null, 10)).toEqual([]);
    });

    it("a row replaced behind the cursor keeps its place: seen on the next pass, not twice in this one", async () => {
      f = await make({ items: items(["item-a", "item-b", "item-c"]) });
      await f.queue(["item-a", "item-b", "item-c"].map((itemId) => ({ itemId, locationId: LOC_A, wanted: 1, trigger: "WEBHOOK" as const })));
      const first = await f.store.nextPending(SHOP, null, 2);
      expect(first.map((r) => r.itemId)).toEqual(["item-a", "item-b"]);
      await tick();
      await f.queue([{ itemId: "item-a", locationId: LOC_A, wanted: 9, trigger: "WEBHOOK" }]);
      const rest = await f.store.nextPending(SHOP, cursorAfter(first[1]), 10);
      expect(rest.map((r) => r.itemId)).toEqual(["item-c"]);
      const again = await f.store.nextPending(SHOP, null, 1);
      expect(again.map(rowOf)).toEqual([{ itemId: "item-a", locationId: LOC_A, wanted: 9, trigger: "WEBHOOK", force: false }]);
    });

    it("recording an outcome deletes the handled row, but not one replaced meanwhile", async () => {
      f = await make({ items: items(["item-a", "item-b"]) });
      await f.queue(["item-a", "item-b"].map((itemId) => ({ itemId, locationId: LOC_A, wanted: 3, trigger: "WEBHOOK" as const })));
      const rows = await f.store.nextPending(SHOP, null, 10);
      await tick();
      await f.queue([{ itemId: "item-b", locationId: LOC_A, wanted: 4, trigger: "WEBHOOK" }]);
      const runId = await f.store.startRun(SHOP, "PENDING");
      await f.store.recordOutcomes(
        SHOP,
        runId,
        rows.map((row) => ({ kind: "skipped" as const, row, reason: "UNCHANGED" as const, quantity: 3 })),
        new Date(),
      );
      expect((await f.pending()).map(rowOf)).toEqual([{ itemId: "item-b", locationId: LOC_A, wanted: 4, trigger: "WEBHOOK", force: false }]);
    });

    it("decides only the shop customer's items: another merchant's item pending here is not published", async () => {
      f = await make({ items: [...items(["item-a"]), ...items(["item-z"], "other")] });
      await f.queue(["item-a", "item-z"].map((itemId) => ({ itemId, locationId: LOC_A, wanted: 10, trigger: "WEBHOOK" as const })));
      const rows = await f.store.nextPending(SHOP, null, 10);
      const context = await f.store.loadDecisionContext(SHOP, rows.map((r) => r.itemId));
      expect([...context.items.keys()]).toEqual(["item-a"]);
      const { writes, settled } = evaluatePending(rows, context);
      expect(writes.map((w) => [w.row.itemId, w.quantity])).toEqual([["item-a", 10]]);
      expect(settled.map((s) => [s.row.itemId, s.kind === "skipped" && s.reason])).toEqual([["item-z", "UNMATCHED"]]);
    });

    it("an uninstalled shop (settings kept for a reinstall) has nothing it may publish", async () => {
      f = await make({ items: items(["item-a"]), uninstalled: true });
      await f.queue([{ itemId: "item-a", locationId: LOC_A, wanted: 10, trigger: "WEBHOOK" }]);
      const rows = await f.store.nextPending(SHOP, null, 10);
      const context = await f.store.loadDecisionContext(SHOP, ["item-a"]);
      expect(context).toMatchObject({ shop: null, customer: null });
      expect(context.items.size).toBe(0);
      const { writes, settled } = evaluatePending(rows, context);
      expect(writes).toEqual([]);
      expect(settled.map((s) => s.kind === "skipped" && s.reason)).toEqual(["STORE_SYNC_OFF"]);
    });

    it("loads the decision inputs: item state, link and what Shopify was last known to show", async () => {
      f = await make({ items: items(["item-a"]) });
      await f.queue([{ itemId: "item-a", locationId: LOC_A, wanted: 10, trigger: "WEBHOOK" }]);
      const [row] = await f.store.nextPending(SHOP, null, 10);
      const runId = await f.store.startRun(SHOP, "PENDING");
      await f.store.recordOutcomes(SHOP, runId, [{ kind: "written", row, inventoryItemId: "gid://shopify/InventoryItem/0", quantity: 10, before: null, reason: "ALWAYS" }], new Date());
      const context = await f.store.loadDecisionContext(SHOP, ["item-a", "item-missing"]);
      expect(context.shop).toEqual(SHOP_PREFS);
      expect(context.customer).toMatchObject({ defaultSyncSetting: "ALWAYS", defaultBuffer: 0 });
      const input = context.items.get("item-a")!;
      expect(input.item).toMatchObject({ sellableByWarehouse: { 1: 10 }, syncSetting: "ALWAYS", processOrders: true });
      expect(input.link).toEqual({ inventoryItemId: "gid://shopify/InventoryItem/0", tracked: true });
      expect(input.known).toEqual({ [LOC_A]: 10 });
      expect(context.items.has("item-missing")).toBe(false);
      expect(await f.pending()).toEqual([]);
    });
  });
}

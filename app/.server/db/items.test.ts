import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, testBackend, type TestDb } from "../../../tests/support/test-db";
import { applyWarehouseEvent, canonicalItem, newItemState } from "../../domain";
import type { ItemState } from "../../domain/types";
import { upsertCustomer } from "./customers";
import {
  findItemByWhiplashId,
  ItemNotFoundError,
  ItemVersionConflictError,
  itemIdsBySku,
  listItems,
  loadItemRecord,
  loadItemState,
  loadItemStates,
  saveItemState,
  updateItemSettings,
  upsertImportedItem,
} from "./items";
import { completeShipNotice, getShipNotice, itemIdsOnShipNotice, listShipNotices, shipNoticeHeaders, upsertShipNotice } from "./ship-notices";

let db: TestDb;
let customerId: string;
let otherCustomerId: string;
beforeAll(async () => {
  db = await createTestDb();
  customerId = (await upsertCustomer(db.prisma, { whiplashCustomerId: 1 })).id;
  otherCustomerId = (await upsertCustomer(db.prisma, { whiplashCustomerId: 2 })).id;
});
afterAll(async () => db.drop());

/** A state with every field set to a non-default value. */
const full = (whiplashItemId: number): ItemState => ({
  whiplashItemId,
  sku: `SKU-${whiplashItemId}-B`,
  sellableByWarehouse: { 1: 12, 3: -2, 7: 0 },
  receivedTotal: 40,
  firstReceivedAt: "2026-02-01T08:00:00.123Z",
  processOrders: true,
  processOrdersSetBy: "WHIPLASH",
  processOrdersSetAt: "2026-02-02T00:00:01.000Z",
  whiplashProcessOrders: true,
  whiplashProcessOrdersAt: "2026-02-02T00:00:01.000Z",
  // Whiplash's item rules and who set the sync setting (docs/decisions/0010).
  syncSettingSetBy: "WHIPLASH",
  syncSettingSetAt: "2026-02-02T00:00:03.000Z",
  whiplashSyncCode: 1,
  whiplashIncludeInbound: false,
  whiplashRulesAt: "2026-02-02T00:00:03.000Z",
  syncSetting: "ALWAYS",
  bufferOverride: 3,
  lastEventAt: "2026-02-03T09:10:11.000Z",
  processOrdersEventAt: "2026-02-02T00:00:00.000Z",
  settingsEventAt: "2026-02-01T00:00:00.500Z",
  shipLines: [
    { shipNoticeId: 900, lineId: 1, warehouseId: 1, expected: 30, receivedGood: 25, damaged: 2, publish: true, completed: false, lastEventAt: "2026-02-01T07:00:00.000Z" },
    { shipNoticeId: 900, lineId: 2, warehouseId: 1, expected: 5, receivedGood: 0, damaged: 0, publish: false, completed: false, lastEventAt: null },
    { shipNoticeId: 901, lineId: 7, warehouseId: 3, expected: 15, receivedGood: 15, damaged: 0, publish: true, completed: true, lastEventAt: "2026-02-02T07:00:00.000Z" },
  ],
});

describe("items: ItemState round trip", () => {
  it("imports an item as never received, Process Orders off by import, Customer Default", async () => {
    const { id, created } = await upsertImportedItem(db.prisma, customerId, { whiplashItemId: 10, sku: "SKU-10", title: "Tee" });
    expect(created).toBe(true);
    expect(canonicalItem((await loadItemState(db.prisma, id))!)).toEqual(canonicalItem(newItemState({ whiplashItemId: 10, sku: "SKU-10" })));
    const again = await upsertImportedItem(db.prisma, customerId, { whiplashItemId: 10, sku: "SKU-10-NEW", title: "Tee 2", initial: { processOrders: true } });
    expect(again).toEqual({ id, created: false });
    const record = await findItemByWhiplashId(db.prisma, customerId, 10);
    expect(record).toMatchObject({ id, customerId, title: "Tee 2", state: { sku: "SKU-10-NEW", processOrders: false } });
    expect(await findItemByWhiplashId(db.prisma, otherCustomerId, 10)).toBeNull();
  });

  it("imports an already received item with its initial state", async () => {
    const { id } = await upsertImportedItem(db.prisma, customerId, {
      whiplashItemId: 11,
      sku: "SKU-11",
      initial: {
        sellableByWarehouse: { 2: 9 },
        processOrders: true,
        firstReceivedAt: "2025-12-01T00:00:00.000Z",
        receivedTotal: 9,
        syncSetting: "NEVER",
        bufferOverride: 1,
        processOrdersEventAt: "2025-12-01T00:00:00.000Z",
      },
    });
    expect(await loadItemState(db.prisma, id)).toMatchObject({
      sellableByWarehouse: { 2: 9 },
      processOrders: true,
      processOrdersSetBy: "IMPORT",
      firstReceivedAt: "2025-12-01T00:00:00.000Z",
      receivedTotal: 9,
      syncSetting: "NEVER",
      bufferOverride: 1,
      processOrdersEventAt: "2025-12-01T00:00:00.000Z",
    });
  });

  it("saves and loads every field, and saving the loaded state again changes nothing", async () => {
    const { id } = await upsertImportedItem(db.prisma, customerId, { whiplashItemId: 12, sku: "SKU-12" });
    const state = full(12);
    const { version, foreignLines } = await saveItemState(db.prisma, id, state);
    expect(foreignLines).toEqual([]);
    const loaded = await loadItemState(db.prisma, id);
    expect(loaded).toEqual(state);
    expect((await saveItemState(db.prisma, id, loaded!)).version).toBe(version + 1);
    expect(await loadItemState(db.prisma, id)).toEqual(state);
    // The notice rows behind the lines: warehouse from the line, completed -> status 300.
    expect(await shipNoticeHeaders(db.prisma, customerId, [900, 901, 902])).toEqual(
      new Map([
        [900, { warehouseId: 1, status: 100 }],
        [901, { warehouseId: 3, status: 300 }],
      ]),
    );
  });

  it("removes warehouses the state no longer has, keeps lines, never un-completes a notice", async () => {
    const { id } = await upsertImportedItem(db.prisma, customerId, { whiplashItemId: 13, sku: "SKU-13" });
    // Notices of its own (a line belongs to one item).
    const own = (s: ItemState): ItemState => ({ ...s, shipLines: s.shipLines.map((l) => ({ ...l, shipNoticeId: l.shipNoticeId + 20 })) });
    await saveItemState(db.prisma, id, own(full(13)));
    const next: ItemState = {
      ...own(full(13)),
      sellableByWarehouse: { 1: 4 },
      shipLines: own(full(13)).shipLines.slice(1).map((l) => ({ ...l, completed: false, publish: !l.publish })),
    };
    await saveItemState(db.prisma, id, next);
    const loaded = (await loadItemState(db.prisma, id))!;
    expect(loaded.sellableByWarehouse).toEqual({ 1: 4 });
    expect(loaded.shipLines.map((l) => [l.shipNoticeId, l.lineId, l.publish, l.completed])).toEqual([
      [920, 1, true, false],
      [920, 2, true, false],
      [921, 7, false, true],
    ]);
  });

  it("leaves a line that belongs to another item alone and reports it", async () => {
    const owner = await findItemByWhiplashId(db.prisma, customerId, 12);
    const { id } = await upsertImportedItem(db.prisma, customerId, { whiplashItemId: 18, sku: "SKU-18" });
    const result = await saveItemState(db.prisma, id, { ...full(18), shipLines: [{ ...full(18).shipLines[0], expected: 1 }] });
    expect(result.foreignLines).toEqual([{ shipNoticeId: 900, lineId: 1, ownerItemId: owner!.id }]);
    expect((await loadItemState(db.prisma, owner!.id))?.shipLines[0].expected).toBe(30);
    expect((await loadItemState(db.prisma, id))?.shipLines).toEqual([]);
  });

  it("stores what applyWarehouseEvent produced (event -> save -> load -> next event)", async () => {
    const { id } = await upsertImportedItem(db.prisma, customerId, { whiplashItemId: 14, sku: "SKU-14" });
    const prefs = { defaultSyncSetting: "PROCESS_ORDERS_ONLY" as const, processOrdersMode: "ON_RECEIPT_OFF_AT_SELLOUT" as const, defaultBuffer: 0 };
    let state = (await loadItemState(db.prisma, id))!;
    state = applyWarehouseEvent(state, { type: "SHIP_NOTICE_LINE_UPDATED", at: "2026-03-01T10:00:00Z", line: { shipNoticeId: 950, lineId: 1, warehouseId: 4, expected: 10, publish: true } }, prefs).item;
    await saveItemState(db.prisma, id, state);
    state = (await loadItemState(db.prisma, id))!;
    state = applyWarehouseEvent(state, { type: "RECEIPT", at: "2026-03-01T11:00:00Z", line: { shipNoticeId: 950, lineId: 1, warehouseId: 4, receivedGood: 10 }, sellableByWarehouse: { 4: 10 } }, prefs).item;
    await saveItemState(db.prisma, id, state);
    expect(await loadItemState(db.prisma, id)).toEqual(state);
    expect(state).toMatchObject({ processOrders: true, receivedTotal: 10, firstReceivedAt: "2026-03-01T11:00:00.000Z" });
    expect(await itemIdsOnShipNotice(db.prisma, customerId, 950)).toEqual([id]);
  });

  it("detects a concurrent save (optimistic version) and writes nothing then", async () => {
    const { id } = await upsertImportedItem(db.prisma, customerId, { whiplashItemId: 15, sku: "SKU-15" });
    const first = (await loadItemRecord(db.prisma, id))!;
    await saveItemState(db.prisma, id, { ...first.state, receivedTotal: 1 }, { expectedVersion: first.version });
    await expect(saveItemState(db.prisma, id, { ...first.state, receivedTotal: 99 }, { expectedVersion: first.version })).rejects.toBeInstanceOf(
      ItemVersionConflictError,
    );
    expect((await loadItemState(db.prisma, id))?.receivedTotal).toBe(1);
  });

  it("two saves from the same version at once: one wins, the other conflicts (no lost update under READ COMMITTED)", async () => {
    const { id } = await upsertImportedItem(db.prisma, customerId, { whiplashItemId: 16, sku: "SKU-16" });
    const base = (await loadItemRecord(db.prisma, id))!;
    let second: Promise<unknown> | undefined;
    await db.prisma.$transaction(
      async (tx) => {
        await saveItemState(tx, id, { ...base.state, receivedTotal: 3 }, { expectedVersion: base.version });
        // The second save starts while the first is uncommitted: it reads the old version, then waits for the row.
        second = saveItemState(db.prisma, id, { ...base.state, receivedTotal: 6 }, { expectedVersion: base.version }).catch((e: unknown) => e);
        await untilWaitingOnALock(db);
      },
      { timeout: 15_000 },
    );
    expect(await second).toBeInstanceOf(ItemVersionConflictError);
    expect(await loadItemRecord(db.prisma, id)).toMatchObject({ version: base.version + 1, state: { receivedTotal: 3 } });
  });

  it("joins the caller's transaction when given a transaction client", async () => {
    const { id } = await upsertImportedItem(db.prisma, customerId, { whiplashItemId: 19, sku: "SKU-19" });
    const version = await db.prisma.$transaction(async (tx) => {
      const record = (await findItemByWhiplashId(tx, customerId, 19))!;
      const { version } = await saveItemState(tx, id, { ...record.state, receivedTotal: 5 }, { expectedVersion: record.version, customerId });
      await tx.inboundEvent.create({ data: { source: "test", topic: "t", dedupeKey: "k19", rawBody: "{}", outcome: "APPLIED" } });
      return version;
    });
    expect(await loadItemRecord(db.prisma, id)).toMatchObject({ version, state: { receivedTotal: 5 } });
  });

  it("scopes by customer: another customer's item is neither read nor written", async () => {
    const { id } = await upsertImportedItem(db.prisma, customerId, { whiplashItemId: 16, sku: "SKU-16" });
    expect(await loadItemState(db.prisma, id, { customerId: otherCustomerId })).toBeNull();
    expect((await loadItemStates(db.prisma, [id, "missing"], { customerId: otherCustomerId })).size).toBe(0);
    expect([...(await loadItemStates(db.prisma, [id, "missing", id], { customerId })).keys()]).toEqual([id]);
    await expect(saveItemState(db.prisma, id, full(16), { customerId: otherCustomerId })).rejects.toBeInstanceOf(ItemNotFoundError);
    expect(await updateItemSettings(db.prisma, otherCustomerId, [id], { syncSetting: "NEVER" })).toBe(0);
    expect((await loadItemState(db.prisma, id))?.syncSetting).toBe("CUSTOMER_DEFAULT");
  });

  it("refuses invalid states before writing", async () => {
    const { id } = await upsertImportedItem(db.prisma, customerId, { whiplashItemId: 17, sku: "SKU-17" });
    await expect(saveItemState(db.prisma, id, { ...full(17), bufferOverride: -1 })).rejects.toThrow(RangeError);
    await expect(saveItemState(db.prisma, id, { ...full(17), receivedTotal: 1.5 })).rejects.toThrow(RangeError);
    const dup = full(17);
    await expect(saveItemState(db.prisma, id, { ...dup, shipLines: [dup.shipLines[0], dup.shipLines[0]] })).rejects.toThrow(RangeError);
    expect((await loadItemState(db.prisma, id))?.receivedTotal).toBe(0);
  });

  it("sets item settings in bulk and lists and finds items", async () => {
    const a = await upsertImportedItem(db.prisma, otherCustomerId, { whiplashItemId: 1, sku: "DUP", title: "Alpha" });
    const b = await upsertImportedItem(db.prisma, otherCustomerId, { whiplashItemId: 2, sku: "DUP", title: "Beta" });
    const c = await upsertImportedItem(db.prisma, otherCustomerId, { whiplashItemId: 3, sku: "ONE", title: "Gamma" });
    expect(await updateItemSettings(db.prisma, otherCustomerId, [a.id, b.id], { syncSetting: "ALWAYS", bufferOverride: 2 })).toBe(2);
    expect(await updateItemSettings(db.prisma, otherCustomerId, [b.id], { bufferOverride: null })).toBe(1);
    const states = await loadItemStates(db.prisma, [a.id, b.id, c.id]);
    // By id: the map's order is the database's row order, which only SQLite keeps as the id order.
    expect(states.size).toBe(3);
    expect([a.id, b.id, c.id].map((id) => [states.get(id)?.syncSetting, states.get(id)?.bufferOverride])).toEqual([
      ["ALWAYS", 2],
      ["ALWAYS", null],
      ["CUSTOMER_DEFAULT", null],
    ]);
    await expect(updateItemSettings(db.prisma, otherCustomerId, [a.id], { bufferOverride: -3 })).rejects.toThrow(RangeError);
    expect(await itemIdsBySku(db.prisma, otherCustomerId, ["DUP", "ONE", "NONE"])).toEqual(
      new Map([
        ["DUP", [a.id, b.id].sort()],
        ["ONE", [c.id]],
      ]),
    );
    const page1 = await listItems(db.prisma, otherCustomerId, { take: 2 });
    const page2 = await listItems(db.prisma, otherCustomerId, { take: 2, after: page1.at(-1)!.id });
    expect([...page1, ...page2].map((i) => i.id)).toEqual([a.id, b.id, c.id].sort());
    expect((await listItems(db.prisma, otherCustomerId, { search: "amm" })).map((i) => i.sku)).toEqual(["ONE"]);
    expect(page1[0]).toMatchObject({ processOrders: false, processOrdersSetBy: "IMPORT", receivedTotal: 0, firstReceivedAt: null });
  });
});

describe("ship notices", () => {
  it("upserts headers in event order and keeps a completed notice completed", async () => {
    const t = (h: number) => new Date(`2026-06-01T${String(h).padStart(2, "0")}:00:00Z`);
    expect(await upsertShipNotice(db.prisma, customerId, { whiplashId: 700, warehouseId: 2, status: 100, at: t(1) })).toBe(true);
    expect(await upsertShipNotice(db.prisma, customerId, { whiplashId: 700, warehouseId: 2, status: 150, at: t(3) })).toBe(true);
    expect(await upsertShipNotice(db.prisma, customerId, { whiplashId: 700, warehouseId: 2, status: 25, at: t(2) })).toBe(false);
    expect(await getShipNotice(db.prisma, customerId, 700)).toMatchObject({ status: 150, completed: false, warehouseId: 2, lastEventAt: t(3), lines: [] });
    expect(await completeShipNotice(db.prisma, customerId, 700)).toBe(true);
    expect(await upsertShipNotice(db.prisma, customerId, { whiplashId: 700, warehouseId: 2, status: 200, at: t(4) })).toBe(true);
    expect(await getShipNotice(db.prisma, customerId, 700)).toMatchObject({ status: 300, completed: true, lastEventAt: t(4) });
    expect(await getShipNotice(db.prisma, otherCustomerId, 700)).toBeNull();
    expect(await completeShipNotice(db.prisma, otherCustomerId, 700)).toBe(false);
  });

  it("lists notices with their lines (open only on request)", async () => {
    const { id } = await upsertImportedItem(db.prisma, customerId, { whiplashItemId: 30, sku: "SKU-30" });
    await saveItemState(db.prisma, id, {
      ...newItemState({ whiplashItemId: 30, sku: "SKU-30" }),
      shipLines: [{ shipNoticeId: 710, lineId: 3, warehouseId: 5, expected: 8, receivedGood: 1, damaged: 1, publish: true, completed: false, lastEventAt: null }],
    });
    const notice = await getShipNotice(db.prisma, customerId, 710);
    expect(notice?.lines).toEqual([
      expect.objectContaining({ whiplashLineId: 3, itemId: id, whiplashItemId: 30, sku: "SKU-30", expected: 8, receivedGood: 1, damaged: 1, publish: true, lastEventAt: null }),
    ]);
    const open = await listShipNotices(db.prisma, customerId, { openOnly: true });
    expect(open.map((n) => n.whiplashId)).toContain(710);
    expect(open.every((n) => !n.completed)).toBe(true);
    expect((await listShipNotices(db.prisma, customerId)).map((n) => n.whiplashId)).toContain(700);
  });
});

/** PostgreSQL: until another session waits on a lock; SQLite (one writer at a time): a moment for it to queue. */
async function untilWaitingOnALock(db: TestDb): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (testBackend() === "sqlite") return void (await new Promise((r) => setTimeout(r, 100)));
    const rows = await db.prisma.$queryRawUnsafe<Array<{ n: number }>>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
    );
    if (rows[0].n > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the second save never waited on the first one's lock");
}

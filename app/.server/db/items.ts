// Items and their warehouse state: Item + ItemWarehouseStock + ShipNoticeLine (with its notice's warehouse
// and status) <-> the domain's ItemState. Items belong to a customer; pass `customerId` wherever the caller
// acts for a merchant (routes), so one merchant can never read or write another's items.
import type { Prisma } from "@prisma/client";
import type { ItemState, ItemSyncSetting, ProcessOrdersSetBy, ShipLineState } from "../../domain/types";
import { itemSettingFromCode } from "../../domain/whiplash-sync-codes";
import { assertBuffer, chunk, isClient, toDate, toIso, type Db } from "./db-types";

/** Whiplash ship-notice status meaning "completed": its lines publish nothing more. */
export const SHIP_NOTICE_COMPLETED = 300;
/** Status given to a notice first seen through one of its lines (ship-notices.ts corrects it from Whiplash). */
export const SHIP_NOTICE_IN_TRANSIT = 100;

const itemInclude = {
  stock: { select: { warehouseId: true, sellable: true } },
  shipLines: {
    select: {
      whiplashLineId: true,
      expected: true,
      receivedGood: true,
      damaged: true,
      publish: true,
      lastEventAt: true,
      shipNotice: { select: { whiplashId: true, warehouseId: true, status: true } },
    },
  },
} satisfies Prisma.ItemInclude;

type ItemRow = Prisma.ItemGetPayload<{ include: typeof itemInclude }>;

export interface ItemRecord {
  id: string;
  customerId: string;
  title: string;
  /** Bumped by every save; pass it back to saveItemState as expectedVersion to detect concurrent saves. */
  version: number;
  state: ItemState;
  createdAt: Date;
  updatedAt: Date;
}

/** The columns toItemState reads (a raw query may build this shape without Prisma's include). */
export type ItemStateRow = Pick<
  ItemRow,
  | "whiplashItemId"
  | "sku"
  | "receivedTotal"
  | "firstReceivedAt"
  | "processOrders"
  | "processOrdersSetBy"
  | "syncSetting"
  | "bufferOverride"
  | "lastEventAt"
  | "processOrdersEventAt"
  | "settingsEventAt"
  | "stock"
  | "shipLines"
>;

/** Process Orders provenance columns (optional: raw queries that do not need them may leave them out). */
type ProvenanceRow = Partial<
  Pick<
    ItemRow,
    | "processOrdersSetAt"
    | "whiplashProcessOrders"
    | "whiplashProcessOrdersAt"
    | "syncSettingSetBy"
    | "syncSettingSetAt"
    | "whiplashSyncCode"
    | "whiplashIncludeInbound"
    | "whiplashRulesAt"
  >
>;

export function toItemState(row: ItemStateRow & ProvenanceRow): ItemState {
  const sellableByWarehouse: Record<number, number> = {};
  for (const s of [...row.stock].sort((a, b) => a.warehouseId - b.warehouseId)) sellableByWarehouse[s.warehouseId] = s.sellable;
  const shipLines: ShipLineState[] = row.shipLines
    .map((l) => ({
      shipNoticeId: l.shipNotice.whiplashId,
      lineId: l.whiplashLineId,
      warehouseId: l.shipNotice.warehouseId,
      expected: l.expected,
      receivedGood: l.receivedGood,
      damaged: l.damaged,
      publish: l.publish,
      completed: l.shipNotice.status >= SHIP_NOTICE_COMPLETED,
      lastEventAt: toIso(l.lastEventAt),
    }))
    .sort((a, b) => a.shipNoticeId - b.shipNoticeId || a.lineId - b.lineId);
  return {
    whiplashItemId: row.whiplashItemId,
    sku: row.sku,
    sellableByWarehouse,
    receivedTotal: row.receivedTotal,
    firstReceivedAt: toIso(row.firstReceivedAt),
    processOrders: row.processOrders,
    processOrdersSetBy: row.processOrdersSetBy,
    processOrdersSetAt: toIso(row.processOrdersSetAt ?? null),
    whiplashProcessOrders: row.whiplashProcessOrders ?? null,
    whiplashProcessOrdersAt: toIso(row.whiplashProcessOrdersAt ?? null),
    syncSetting: row.syncSetting,
    // Whiplash's rules and who set the setting (docs/decisions/0010); absent from raw rows that skip them.
    ...(row.syncSettingSetBy !== undefined ? { syncSettingSetBy: row.syncSettingSetBy === "AUTOMATION" ? "IMPORT" : row.syncSettingSetBy } : {}),
    ...(row.syncSettingSetAt !== undefined ? { syncSettingSetAt: toIso(row.syncSettingSetAt) } : {}),
    ...(row.whiplashSyncCode !== undefined ? { whiplashSyncCode: row.whiplashSyncCode } : {}),
    ...(row.whiplashIncludeInbound !== undefined ? { whiplashIncludeInbound: row.whiplashIncludeInbound } : {}),
    ...(row.whiplashRulesAt !== undefined ? { whiplashRulesAt: toIso(row.whiplashRulesAt) } : {}),
    bufferOverride: row.bufferOverride,
    lastEventAt: toIso(row.lastEventAt),
    processOrdersEventAt: toIso(row.processOrdersEventAt),
    settingsEventAt: toIso(row.settingsEventAt),
    shipLines,
  };
}

function toRecord(row: ItemRow): ItemRecord {
  return {
    id: row.id,
    customerId: row.customerId,
    title: row.title,
    version: row.version,
    state: toItemState(row),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export interface ItemScope {
  /** Restricts the query to this customer's items (required for anything a merchant triggers). */
  customerId?: string;
}

/**
 * A new Whiplash Sync Inventory report that changed Whiplash's code (or is its first report), as a History row
 * (docs/decisions/0010): whether the app followed it. Null when the save carries no such report.
 */
function whiplashRuleChange(
  before: { syncSetting: ItemSyncSetting; whiplashSyncCode: number | null; whiplashRulesAt: Date | null },
  state: ItemState,
): { at: Date; side: string; setting: string | null; code: number | null; outcome: string } | null {
  if (state.whiplashRulesAt == null || state.whiplashSyncCode === undefined) return null;
  if (before.whiplashRulesAt?.toISOString() === state.whiplashRulesAt) return null;
  const code = state.whiplashSyncCode ?? null;
  if (before.whiplashRulesAt !== null && before.whiplashSyncCode === code) return null; // Whiplash's code did not change
  const reading = itemSettingFromCode(code);
  const outcome = !reading.known
    ? "UNKNOWN_CODE"
    : before.syncSetting !== state.syncSetting
      ? "FOLLOWED"
      : reading.setting === state.syncSetting
        ? "SAME"
        : "KEPT_OURS";
  return { at: new Date(state.whiplashRulesAt), side: "WHIPLASH", setting: reading.known ? reading.setting : null, code, outcome };
}

export async function loadItemRecord(prisma: Db, itemId: string, scope: ItemScope = {}): Promise<ItemRecord | null> {
  const row = await prisma.item.findFirst({ where: { id: itemId, customerId: scope.customerId }, include: itemInclude });
  return row ? toRecord(row) : null;
}

export async function loadItemState(prisma: Db, itemId: string, scope: ItemScope = {}): Promise<ItemState | null> {
  return (await loadItemRecord(prisma, itemId, scope))?.state ?? null;
}

/** Item states by id (ids that do not exist, or belong to another customer, are absent). */
export async function loadItemStates(prisma: Db, itemIds: readonly string[], scope: ItemScope = {}): Promise<Map<string, ItemState>> {
  const out = new Map<string, ItemState>();
  for (const ids of chunk([...new Set(itemIds)], 500)) {
    const rows = await prisma.item.findMany({ where: { id: { in: ids }, customerId: scope.customerId }, include: itemInclude });
    for (const row of rows) out.set(row.id, toItemState(row));
  }
  return out;
}

export async function findItemByWhiplashId(prisma: Db, customerId: string, whiplashItemId: number): Promise<ItemRecord | null> {
  const row = await prisma.item.findUnique({
    where: { customerId_whiplashItemId: { customerId, whiplashItemId } },
    include: itemInclude,
  });
  return row ? toRecord(row) : null;
}

/** Several items of a customer by Whiplash id (a batch of events); absent ids are not in the map. */
export async function findItemsByWhiplashIds(prisma: Db, customerId: string, whiplashItemIds: readonly number[]): Promise<Map<number, ItemRecord>> {
  const out = new Map<number, ItemRecord>();
  for (const ids of chunk([...new Set(whiplashItemIds)], 500)) {
    const rows = await prisma.item.findMany({ where: { customerId, whiplashItemId: { in: ids } }, include: itemInclude });
    for (const row of rows) out.set(row.whiplashItemId, toRecord(row));
  }
  return out;
}

/** Item ids by SKU for SKU matching; a SKU with more than one id is a duplicate in Whiplash. */
export async function itemIdsBySku(prisma: Db, customerId: string, skus: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const part of chunk([...new Set(skus)], 500)) {
    const rows = await prisma.item.findMany({
      where: { customerId, sku: { in: part } },
      select: { id: true, sku: true },
      orderBy: { id: "asc" },
    });
    for (const r of rows) out.set(r.sku, [...(out.get(r.sku) ?? []), r.id]);
  }
  return out;
}

export class ItemVersionConflictError extends Error {
  /** Load, apply and save again. */
  readonly retriable = true;
  constructor(
    readonly itemId: string,
    readonly expectedVersion: number,
  ) {
    super(`item ${itemId} was saved by someone else since version ${expectedVersion}; reload and apply again`);
    this.name = "ItemVersionConflictError";
  }
}

export class ItemNotFoundError extends Error {
  constructor(readonly itemId: string) {
    super(`item ${itemId} not found`);
    this.name = "ItemNotFoundError";
  }
}

export interface SaveItemOptions extends ItemScope {
  /** Optimistic concurrency: save only if the item is still at this version (from loadItemRecord). */
  expectedVersion?: number;
}

type SaveOutcome = { ok: true; version: number } | { ok: false; error: "NOT_FOUND" } | { ok: false; error: "CONFLICT" };

export interface SaveItemResult {
  /** The item's new version. */
  version: number;
  /**
   * Lines of the state that belong to another item in the database (a line belongs to one item): left
   * untouched rather than taken over. Non-empty means the caller has inconsistent data worth logging.
   */
  foreignLines: Array<{ shipNoticeId: number; lineId: number; ownerItemId: string }>;
}

/**
 * Writes an item's state: Item fields, stock by warehouse (warehouses absent from the state are removed),
 * and ship-notice lines (created or updated, never deleted; a line's notice is created if new, and marked
 * completed if the state says so; a notice is never moved back from completed). One transaction.
 * Returns the new version. Throws ItemNotFoundError or ItemVersionConflictError (nothing written then).
 * Not a merge: the state replaces what is stored, so load, apply and save in one go (expectedVersion guards
 * against a concurrent writer in between).
 */
export async function saveItemState(prisma: Db, itemId: string, state: ItemState, options: SaveItemOptions = {}): Promise<SaveItemResult> {
  validateState(state);
  const foreignLines: SaveItemResult["foreignLines"] = [];
  // Checks are done inside the transaction but end it normally (no throw, so no rollback: with the SQLite
  // adapter a rollback would also undo other callers' statements run on the shared connection meanwhile).
  // Given a transaction client (the caller's own transaction, e.g. item save + event outcome together), the
  // writes join it; given the client, they get a transaction of their own.
  const write = async (tx: Prisma.TransactionClient): Promise<SaveOutcome> => {
    const current = await tx.item.findFirst({
      where: { id: itemId, customerId: options.customerId },
      select: { customerId: true, version: true, syncSetting: true, whiplashSyncCode: true, whiplashRulesAt: true },
    });
    if (!current) return { ok: false, error: "NOT_FOUND" };
    if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) return { ok: false, error: "CONFLICT" };

    // The version check is repeated in the UPDATE itself: under PostgreSQL's READ COMMITTED two savers can
    // both read the same version above; the second then waits for the first's row lock and re-checks its
    // WHERE against the committed row, so it matches nothing (a conflict) instead of overwriting the first.
    // Nothing is written before this statement, so a conflict here leaves nothing to undo.
    const { count } = await tx.item.updateMany({
      where: { id: itemId, ...(options.expectedVersion !== undefined ? { version: options.expectedVersion } : {}) },
      data: {
        sku: state.sku,
        receivedTotal: state.receivedTotal,
        firstReceivedAt: toDate(state.firstReceivedAt),
        processOrders: state.processOrders,
        processOrdersSetBy: state.processOrdersSetBy,
        // Absent (a state built without them): keep what is stored.
        ...(state.processOrdersSetAt !== undefined ? { processOrdersSetAt: toDate(state.processOrdersSetAt) } : {}),
        ...(state.whiplashProcessOrders !== undefined ? { whiplashProcessOrders: state.whiplashProcessOrders } : {}),
        ...(state.whiplashProcessOrdersAt !== undefined ? { whiplashProcessOrdersAt: toDate(state.whiplashProcessOrdersAt) } : {}),
        syncSetting: state.syncSetting,
        ...(state.syncSettingSetBy !== undefined ? { syncSettingSetBy: state.syncSettingSetBy } : {}),
        ...(state.syncSettingSetAt !== undefined ? { syncSettingSetAt: toDate(state.syncSettingSetAt) } : {}),
        ...(state.whiplashSyncCode !== undefined ? { whiplashSyncCode: state.whiplashSyncCode } : {}),
        ...(state.whiplashIncludeInbound !== undefined ? { whiplashIncludeInbound: state.whiplashIncludeInbound } : {}),
        ...(state.whiplashRulesAt !== undefined ? { whiplashRulesAt: toDate(state.whiplashRulesAt) } : {}),
        bufferOverride: state.bufferOverride,
        lastEventAt: toDate(state.lastEventAt),
        processOrdersEventAt: toDate(state.processOrdersEventAt),
        settingsEventAt: toDate(state.settingsEventAt),
        version: { increment: 1 },
      },
    });
    if (count === 0) return { ok: false, error: "CONFLICT" };
    const updated = await tx.item.findUniqueOrThrow({ where: { id: itemId }, select: { version: true } });
    const ruleChange = whiplashRuleChange(current, state);
    if (ruleChange) await tx.itemRuleChange.create({ data: { itemId, ...ruleChange } });

    const warehouses = Object.keys(state.sellableByWarehouse).map(Number);
    await tx.itemWarehouseStock.deleteMany({ where: { itemId, warehouseId: { notIn: warehouses } } });
    for (const warehouseId of warehouses) {
      const sellable = state.sellableByWarehouse[warehouseId];
      await tx.itemWarehouseStock.upsert({
        where: { itemId_warehouseId: { itemId, warehouseId } },
        create: { itemId, warehouseId, sellable },
        update: { sellable },
      });
    }

    const noticeIds = new Map<number, string>();
    // Notices in one order for every saver: two items with lines on the same notices lock them in the same
    // order, so their transactions wait for each other instead of deadlocking.
    const lines = [...state.shipLines].sort((a, b) => a.shipNoticeId - b.shipNoticeId || a.lineId - b.lineId);
    for (const line of lines) {
      let noticeId = noticeIds.get(line.shipNoticeId);
      if (noticeId === undefined) {
        const notice = await tx.shipNotice.upsert({
          where: { customerId_whiplashId: { customerId: current.customerId, whiplashId: line.shipNoticeId } },
          create: {
            customerId: current.customerId,
            whiplashId: line.shipNoticeId,
            warehouseId: line.warehouseId,
            status: line.completed ? SHIP_NOTICE_COMPLETED : SHIP_NOTICE_IN_TRANSIT,
          },
          update: {},
          select: { id: true, status: true },
        });
        noticeId = notice.id;
        noticeIds.set(line.shipNoticeId, noticeId);
      }
      if (line.completed) {
        await tx.shipNotice.updateMany({
          where: { id: noticeId, status: { lt: SHIP_NOTICE_COMPLETED } },
          data: { status: SHIP_NOTICE_COMPLETED },
        });
      }
      const fields = {
        expected: line.expected,
        receivedGood: line.receivedGood,
        damaged: line.damaged,
        publish: line.publish,
        lastEventAt: toDate(line.lastEventAt),
      };
      const key = { shipNoticeId_whiplashLineId: { shipNoticeId: noticeId, whiplashLineId: line.lineId } };
      const owner = await tx.shipNoticeLine.findUnique({ where: key, select: { itemId: true } });
      if (!owner) await tx.shipNoticeLine.create({ data: { shipNoticeId: noticeId, whiplashLineId: line.lineId, itemId, ...fields } });
      else if (owner.itemId === itemId) await tx.shipNoticeLine.update({ where: key, data: fields });
      else foreignLines.push({ shipNoticeId: line.shipNoticeId, lineId: line.lineId, ownerItemId: owner.itemId });
    }
    return { ok: true, version: updated.version };
  };
  const outcome = isClient(prisma) ? await prisma.$transaction(write) : await write(prisma);
  if (outcome.ok) return { version: outcome.version, foreignLines };
  if (outcome.error === "NOT_FOUND") throw new ItemNotFoundError(itemId);
  throw new ItemVersionConflictError(itemId, options.expectedVersion ?? -1);
}

/** Refuses states the database would reject half-way (checked before any write). */
function validateState(state: ItemState): void {
  const ints: Array<[string, number]> = [["receivedTotal", state.receivedTotal]];
  for (const [w, q] of Object.entries(state.sellableByWarehouse)) ints.push([`sellableByWarehouse[${w}]`, q]);
  for (const l of state.shipLines) ints.push(["expected", l.expected], ["receivedGood", l.receivedGood], ["damaged", l.damaged]);
  for (const [name, value] of ints) if (!Number.isInteger(value)) throw new RangeError(`${name} must be a whole number, got ${value}`);
  if (state.bufferOverride !== null) assertBuffer(state.bufferOverride);
  const seen = new Set<string>();
  for (const l of state.shipLines) {
    const key = `${l.shipNoticeId}/${l.lineId}`;
    if (seen.has(key)) throw new RangeError(`ship-notice line ${key} listed twice`);
    seen.add(key);
  }
}

export interface ImportedItemInput {
  whiplashItemId: number;
  sku: string;
  title?: string;
  /** Only used when the item is created (an existing item's state is the events'). */
  initial?: {
    sellableByWarehouse?: Record<number, number>;
    processOrders?: boolean;
    firstReceivedAt?: string | null;
    receivedTotal?: number;
    syncSetting?: ItemSyncSetting;
    bufferOverride?: number | null;
    /** Set for an item already received before import, so FIRST_RECEIPT_ONLY does not take the next receipt for the first. */
    processOrdersEventAt?: string | null;
    /** Whiplash's flag as the import read it, with the item's updated_at (the flag's version and set time). */
    whiplashProcessOrdersAt?: string | null;
  };
}

/**
 * Creates an item seen in an import (Process Orders set by IMPORT, Customer Default) or refreshes the SKU and
 * title of an existing one; its state (stock, Process Orders, settings) is never reset by a re-import.
 */
export async function upsertImportedItem(prisma: Db, customerId: string, input: ImportedItemInput): Promise<{ id: string; created: boolean }> {
  const existing = await prisma.item.findUnique({
    where: { customerId_whiplashItemId: { customerId, whiplashItemId: input.whiplashItemId } },
    select: { id: true },
  });
  if (existing) {
    await prisma.item.update({ where: { id: existing.id }, data: { sku: input.sku, title: input.title } });
    return { id: existing.id, created: false };
  }
  const init = input.initial ?? {};
  if (init.bufferOverride != null) assertBuffer(init.bufferOverride);
  const setBy: ProcessOrdersSetBy = "IMPORT";
  const row = await prisma.item.upsert({
    where: { customerId_whiplashItemId: { customerId, whiplashItemId: input.whiplashItemId } },
    create: {
      customerId,
      whiplashItemId: input.whiplashItemId,
      sku: input.sku,
      title: input.title ?? "",
      processOrders: init.processOrders ?? false,
      processOrdersSetBy: setBy,
      firstReceivedAt: toDate(init.firstReceivedAt),
      receivedTotal: init.receivedTotal ?? 0,
      syncSetting: init.syncSetting ?? "CUSTOMER_DEFAULT",
      bufferOverride: init.bufferOverride ?? null,
      processOrdersEventAt: toDate(init.processOrdersEventAt),
      ...(init.whiplashProcessOrdersAt
        ? { whiplashProcessOrders: init.processOrders ?? false, whiplashProcessOrdersAt: toDate(init.whiplashProcessOrdersAt), processOrdersSetAt: toDate(init.whiplashProcessOrdersAt) }
        : {}),
      stock: {
        create: Object.entries(init.sellableByWarehouse ?? {}).map(([w, q]) => ({ warehouseId: Number(w), sellable: Math.trunc(q) })),
      },
    },
    update: { sku: input.sku, title: input.title },
    select: { id: true },
  });
  return { id: row.id, created: true };
}

export interface ItemSettingsPatch {
  syncSetting?: ItemSyncSetting;
  /** null clears the override (the customer default applies). */
  bufferOverride?: number | null;
}

/**
 * Sets the item-level Sync Inventory setting and/or buffer on the customer's items (item page, "Set Sync
 * Inventory" bulk action). Returns how many items changed. Settings made here are not warehouse events.
 */
export async function updateItemSettings(
  prisma: Db,
  customerId: string,
  itemIds: readonly string[],
  patch: ItemSettingsPatch,
  now: Date = new Date(),
): Promise<number> {
  if (patch.bufferOverride != null) assertBuffer(patch.bufferOverride);
  let count = 0;
  for (const ids of chunk([...new Set(itemIds)], 500)) {
    // A merchant's Sync Inventory change (docs/decisions/0010): who and when, and pending until Whiplash has
    // it. Items already on that setting are left alone, so re-saving does not take over from Whiplash.
    if (patch.syncSetting !== undefined) {
      const changing = await prisma.item.findMany({ where: { customerId, id: { in: ids }, syncSetting: { not: patch.syncSetting } }, select: { id: true } });
      if (changing.length > 0) {
        const changed = changing.map((c) => c.id);
        await prisma.item.updateMany({
          where: { id: { in: changed } },
          data: { syncSettingSetBy: "PERSON", syncSettingSetAt: now, rulesWritePendingAt: now, rulesWriteError: null },
        });
        await prisma.itemRuleChange.createMany({
          data: changed.map((itemId) => ({ itemId, at: now, side: "APP", setting: patch.syncSetting, outcome: "SAVED" })),
        });
      }
    }
    const r = await prisma.item.updateMany({
      where: { customerId, id: { in: ids } },
      data: { syncSetting: patch.syncSetting, bufferOverride: patch.bufferOverride, version: { increment: 1 } },
    });
    count += r.count;
  }
  return count;
}

export interface ItemSummary {
  id: string;
  whiplashItemId: number;
  sku: string;
  title: string;
  processOrders: boolean;
  processOrdersSetBy: ProcessOrdersSetBy;
  syncSetting: ItemSyncSetting;
  bufferOverride: number | null;
  receivedTotal: number;
  firstReceivedAt: Date | null;
}

/** A page of the customer's items in id order (keyset: pass the last id as `after`), optionally filtered by SKU or title. */
export async function listItems(
  prisma: Db,
  customerId: string,
  options: { take?: number; after?: string; search?: string } = {},
): Promise<ItemSummary[]> {
  const search = options.search?.trim();
  return prisma.item.findMany({
    where: {
      customerId,
      ...(search ? { OR: [{ sku: { contains: search } }, { title: { contains: search } }] } : {}),
    },
    orderBy: { id: "asc" },
    take: Math.min(Math.max(options.take ?? 50, 1), 500),
    ...(options.after ? { cursor: { id: options.after }, skip: 1 } : {}),
    select: {
      id: true,
      whiplashItemId: true,
      sku: true,
      title: true,
      processOrders: true,
      processOrdersSetBy: true,
      syncSetting: true,
      bufferOverride: true,
      receivedTotal: true,
      firstReceivedAt: true,
    },
  });
}

/** Every Whiplash item id of the customer (the import re-reads each item's state after importing). */
export async function whiplashItemIdsOfCustomer(prisma: Db, customerId: string): Promise<number[]> {
  const rows = await prisma.item.findMany({ where: { customerId }, select: { whiplashItemId: true } });
  return rows.map((r) => r.whiplashItemId);
}

/** The customer's items as SKU matching needs them (id and SKU). */
export async function itemSkusOfCustomer(prisma: Db, customerId: string): Promise<{ id: string; sku: string }[]> {
  return prisma.item.findMany({ where: { customerId }, select: { id: true, sku: true } });
}

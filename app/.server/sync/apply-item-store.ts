// Loading and saving an item's domain state inside the event-application transaction.
//
// ADAPTER NOTE: the items/ship-notices repositories (app/.server/db/items.ts, ship-notices.ts; sync-rules
// issue) had not landed when this was written. This is the smallest persistence the worker needs, taking a
// transaction client so the item save and the event's outcome commit together. When the repositories
// land, `ItemStore` is implemented with them and this file goes away; no rule lives here.
import type { Prisma } from "@prisma/client";
import { newItemState, type ItemState, type ShipLineState } from "../../domain";

export type Tx = Prisma.TransactionClient;

export interface ItemRecord {
  id: string;
  version: number;
  state: ItemState;
}

export interface ItemStore {
  load(tx: Tx, customerId: string, whiplashItemId: number): Promise<ItemRecord | null>;
  /** Creates a never-received item (an event for an item we had not imported). */
  create(tx: Tx, customerId: string, input: { whiplashItemId: number; sku: string; title: string }): Promise<ItemRecord>;
  /** Saves `next`; throws when someone saved the item since `record` was loaded (optimistic version). */
  save(tx: Tx, customerId: string, record: ItemRecord, next: ItemState): Promise<void>;
}

const COMPLETED = 300;
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const date = (s: string | null | undefined) => (s ? new Date(s) : null);

export class VersionConflictError extends Error {
  readonly retriable = true;
  constructor(itemId: string) {
    super(`item ${itemId} was saved by someone else meanwhile`);
    this.name = "VersionConflictError";
  }
}

export const prismaItemStore: ItemStore = {
  async load(tx, customerId, whiplashItemId) {
    const row = await tx.item.findUnique({
      where: { customerId_whiplashItemId: { customerId, whiplashItemId } },
      include: { stock: true, shipLines: { include: { shipNotice: true } } },
    });
    if (!row) return null;
    const state: ItemState = {
      whiplashItemId: row.whiplashItemId,
      sku: row.sku,
      sellableByWarehouse: Object.fromEntries(row.stock.map((s) => [s.warehouseId, s.sellable])),
      receivedTotal: row.receivedTotal,
      firstReceivedAt: iso(row.firstReceivedAt),
      processOrders: row.processOrders,
      processOrdersSetBy: row.processOrdersSetBy,
      syncSetting: row.syncSetting,
      bufferOverride: row.bufferOverride,
      lastEventAt: iso(row.lastEventAt),
      processOrdersEventAt: iso(row.processOrdersEventAt),
      settingsEventAt: iso(row.settingsEventAt),
      shipLines: row.shipLines.map(
        (l): ShipLineState => ({
          shipNoticeId: l.shipNotice.whiplashId,
          lineId: l.whiplashLineId,
          warehouseId: l.shipNotice.warehouseId,
          expected: l.expected,
          receivedGood: l.receivedGood,
          damaged: l.damaged,
          publish: l.publish,
          completed: l.shipNotice.status === COMPLETED,
          lastEventAt: iso(l.lastEventAt),
        }),
      ),
    };
    return { id: row.id, version: row.version, state };
  },

  async create(tx, customerId, input) {
    const row = await tx.item.create({
      data: { customerId, whiplashItemId: input.whiplashItemId, sku: input.sku, title: input.title },
    });
    return { id: row.id, version: row.version, state: newItemState({ whiplashItemId: input.whiplashItemId, sku: input.sku }) };
  },

  async save(tx, customerId, record, next) {
    const updated = await tx.item.updateMany({
      where: { id: record.id, customerId, version: record.version },
      data: {
        sku: next.sku,
        receivedTotal: next.receivedTotal,
        firstReceivedAt: date(next.firstReceivedAt),
        processOrders: next.processOrders,
        processOrdersSetBy: next.processOrdersSetBy,
        syncSetting: next.syncSetting,
        bufferOverride: next.bufferOverride,
        lastEventAt: date(next.lastEventAt),
        processOrdersEventAt: date(next.processOrdersEventAt),
        settingsEventAt: date(next.settingsEventAt),
        version: { increment: 1 },
      },
    });
    if (updated.count !== 1) throw new VersionConflictError(record.id);
    for (const [warehouse, sellable] of Object.entries(next.sellableByWarehouse)) {
      const warehouseId = Number(warehouse);
      if (record.state.sellableByWarehouse[warehouseId] === sellable) continue;
      await tx.itemWarehouseStock.upsert({
        where: { itemId_warehouseId: { itemId: record.id, warehouseId } },
        create: { itemId: record.id, warehouseId, sellable },
        update: { sellable },
      });
    }
    const before = new Map(record.state.shipLines.map((l) => [`${l.shipNoticeId}:${l.lineId}`, l]));
    for (const line of next.shipLines) {
      const old = before.get(`${line.shipNoticeId}:${line.lineId}`);
      if (old && JSON.stringify(old) === JSON.stringify(line)) continue;
      const notice = await tx.shipNotice.upsert({
        where: { customerId_whiplashId: { customerId, whiplashId: line.shipNoticeId } },
        create: { customerId, whiplashId: line.shipNoticeId, warehouseId: line.warehouseId, status: line.completed ? COMPLETED : 100 },
        update: line.completed ? { status: COMPLETED } : {},
      });
      const data = {
        itemId: record.id,
        expected: line.expected,
        receivedGood: line.receivedGood,
        damaged: line.damaged,
        publish: line.publish,
        lastEventAt: date(line.lastEventAt),
      };
      await tx.shipNoticeLine.upsert({
        where: { shipNoticeId_whiplashLineId: { shipNoticeId: notice.id, whiplashLineId: line.lineId } },
        create: { shipNoticeId: notice.id, whiplashLineId: line.lineId, ...data },
        update: data,
      });
    }
  },
};

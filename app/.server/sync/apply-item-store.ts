// The item persistence the intake uses, as a small seam over the repositories (app/.server/db/items.ts),
// so tests can count or fail saves. No rule lives here.
import type { Prisma, PrismaClient } from "@prisma/client";
import { chunk } from "../db/db-types";
import { findItemByWhiplashId, saveItemState, toItemState, upsertImportedItem, type ImportedItemInput, type ItemRecord } from "../db/items";
import type { ItemState } from "../../domain";

export type { ItemRecord };

export interface ItemStore {
  load(customerId: string, whiplashItemId: number): Promise<ItemRecord | null>;
  /** Several items at once (a batch of events); absent ids are not in the map. */
  loadMany?(customerId: string, whiplashItemIds: number[]): Promise<Map<number, ItemRecord>>;
  /** Creates the item if new (never received, Process Orders off, set by IMPORT) and returns it. */
  create(customerId: string, input: ImportedItemInput): Promise<ItemRecord>;
  /** Saves `next` if nobody saved the item since `record` was loaded (else ItemVersionConflictError); returns the new version. */
  save(customerId: string, record: ItemRecord, next: ItemState): Promise<number>;
}

// The same include as app/.server/db/items.ts (toItemState's input); a drift there fails typechecking here.
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

export function repositoryItemStore(prisma: PrismaClient): ItemStore {
  return {
    load: (customerId, whiplashItemId) => findItemByWhiplashId(prisma, customerId, whiplashItemId),
    async loadMany(customerId, whiplashItemIds) {
      const out = new Map<number, ItemRecord>();
      for (const ids of chunk([...new Set(whiplashItemIds)], 500)) {
        const rows = await prisma.item.findMany({ where: { customerId, whiplashItemId: { in: ids } }, include: itemInclude });
        for (const row of rows) {
          out.set(row.whiplashItemId, {
            id: row.id,
            customerId: row.customerId,
            title: row.title,
            version: row.version,
            state: toItemState(row),
            createdAt: row.createdAt,
            updatedAt: row.updatedAt,
          });
        }
      }
      return out;
    },
    async create(customerId, input) {
      await upsertImportedItem(prisma, customerId, input);
      const record = await findItemByWhiplashId(prisma, customerId, input.whiplashItemId);
      if (!record) throw new Error(`item ${input.whiplashItemId} vanished right after being created`);
      return record;
    },
    async save(customerId, record, next) {
      return (await saveItemState(prisma, record.id, next, { customerId, expectedVersion: record.version })).version;
    },
  };
}

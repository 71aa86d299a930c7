// The item persistence the intake uses, as a small seam over the repositories (app/.server/db/items.ts),
// so tests can count or fail saves. No rule lives here.
import type { PrismaClient } from "@prisma/client";
import { findItemByWhiplashId, findItemsByWhiplashIds, saveItemState, upsertImportedItem, type ImportedItemInput, type ItemRecord } from "../db/items";
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

export function repositoryItemStore(prisma: PrismaClient): ItemStore {
  return {
    load: (customerId, whiplashItemId) => findItemByWhiplashId(prisma, customerId, whiplashItemId),
    loadMany: (customerId, whiplashItemIds) => findItemsByWhiplashIds(prisma, customerId, whiplashItemIds),
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

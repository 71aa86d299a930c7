// After a warehouse event changed an item (or an import of one shop): for every connected shop of its
// customer, add or replace the item's pending sync at each location the domain's syncTarget maps it to,
// with its quantity (rule 3.5), then kick that shop's writer. Unlike the merchant's commands
// (commands/queue-syncs.ts), the decision itself (rule 3.2) is deliberately left to the writer at send
// time, which also logs it (History shows why an event did not sync); here we only leave out what cannot
// be written at all: shops with "Sync inventory" off or uninstalled, and
// items with no variant in that shop. Turning a shop's switch on, or matching an item, queues a full
// sync of its own (settings / matching), so nothing is lost by not queueing for them now.
import type { PrismaClient } from "@prisma/client";
import {
  syncTarget,
  isSelloutFinal,
  type CustomerPrefs,
  type ItemState,
  type ShopPrefs,
  type SyncTrigger,
} from "../../domain";
import { listLinksForShop } from "../db/item-links";
import { upsertPendingSyncs, type PendingSyncInput } from "../db/pending-syncs";
import { shopsForCustomer } from "../db/shops";
import type { JobQueue } from "../jobs/types";
import { kickWriter } from "./kick-writer";

export interface ChangedItem {
  itemId: string;
  state: ItemState;
  trigger: SyncTrigger;
}

export interface FanOutResult {
  rows: number;
  shops: string[];
}

/** The pending rows for the changed items in one shop (pure; exported for tests). */
export function pendingRowsForShop(
  shopId: string,
  shop: ShopPrefs,
  customer: CustomerPrefs,
  items: ChangedItem[],
  linkedItemIds: Set<string>,
): PendingSyncInput[] {
  const rows: PendingSyncInput[] = [];
  if (!shop.syncEnabled) return rows;
  for (const item of items) {
    if (!linkedItemIds.has(item.itemId)) continue;
    // Only the locations and their quantities are used here (they do not depend on the link).
    for (const { locationId, quantity } of syncTarget({ shop, customer, item: item.state, link: null, trigger: item.trigger }).locations) {
      rows.push({ shopId, itemId: item.itemId, locationId, wanted: quantity, trigger: item.trigger });
    }
  }
  return rows;
}

export async function enqueueShopSyncs(
  prisma: PrismaClient,
  queue: JobQueue,
  customerId: string,
  customer: CustomerPrefs,
  items: ChangedItem[],
  /** Only this shop (import of one shop); default: every connected shop of the customer. */
  onlyShopId?: string,
): Promise<FanOutResult> {
  if (items.length === 0) return { rows: 0, shops: [] };
  const shops = (await shopsForCustomer(prisma, customerId)).filter((s) => s.prefs.syncEnabled && (!onlyShopId || s.id === onlyShopId));
  const result: FanOutResult = { rows: 0, shops: [] };
  for (const shop of shops) {
    const links = await listLinksForShop(prisma, shop.id, { itemIds: items.map((i) => i.itemId) });
    const rows = pendingRowsForShop(shop.id, shop.prefs, customer, items, new Set(links.map((l) => l.itemId)));
    if (rows.length === 0) continue;
    await upsertPendingSyncs(prisma, rows);
    // Singleton per shop: a burst of events queues one writer run, not one per event.
    await kickWriter(queue, shop.id);
    result.rows += rows.length;
    result.shops.push(shop.id);
  }
  return result;
}

/**
 * The trigger for an item whose event is replayed (an earlier attempt may have saved it and stopped
 * before queueing): SELLOUT while automation keeps Process Orders off after a sell-out, so the sell-out's
 * final quantity is still published even if stock arrived since (rule 3.4; the same domain rule the
 * writer applies at send time).
 */
export function replayTrigger(state: ItemState): SyncTrigger {
  return isSelloutFinal(state, "SELLOUT") ? "SELLOUT" : "WEBHOOK";
}

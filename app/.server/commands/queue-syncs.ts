// The one fan-out of the merchant's commands (change item settings, sync now, bulk set, bulk sync). The
// settings and stock of a Whiplash item are shared by every store of its customer, so a command plans and
// queues syncs in each connected, installed store of the acting shop's customer: the domain's planSyncs
// decides per item and location (rules 3.2, 3.5, 3.6), the writes go into that store's pending-sync set
// (its writer decides again at send time and logs the outcome), and its writer is kicked. Skips are logged
// only for the acting shop, and only when a person waits to see why (logSkips).
import type { PrismaClient } from "@prisma/client";
import { planSyncs, type CustomerPrefs, type PlannedSkip, type PlannedWrite, type ShopPrefs, type SyncRequest, type SyncTrigger } from "../../domain";
import { knownLevels, listLinksForShop, toLinkState } from "../db/item-links";
import { loadItemStates } from "../db/items";
import { upsertPendingSyncs } from "../db/pending-syncs";
import { shopsForCustomer } from "../db/shops";
import { appendSyncLogs, skipLogRows } from "../db/sync-log";
import type { JobQueue } from "../jobs/types";
import { kickWriter } from "../sync/kick-writer";

/** Who acts: the shop a person is in, and its customer (a ConnectedScope fits). */
export interface ActingShop {
  shopId: string;
  prefs: ShopPrefs;
  customer: { id: string };
  customerPrefs: CustomerPrefs;
}

export interface QueueSyncOptions {
  trigger: SyncTrigger;
  /** Tags the pending rows and their log entries (a bulk run's id), in every store. */
  runId?: string | null;
  /** Log the acting shop's skips now (a person is waiting to see why). */
  logSkips?: boolean;
}

export interface ShopSyncs {
  writes: PlannedWrite[];
  skips: PlannedSkip[];
  /** Item ids asked for that are not matched items of this shop. */
  missing: string[];
}

/**
 * Plans and queues syncs for these items (at most a few thousand per call) in every connected, installed
 * store of the acting shop's customer; answers with the acting shop's plan.
 */
export async function queueCustomerSyncs(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  acting: ActingShop,
  itemIds: readonly string[],
  options: QueueSyncOptions,
): Promise<ShopSyncs> {
  const mine = await queueShopSyncs(prisma, queue, acting, itemIds, options);
  for (const shop of await shopsForCustomer(prisma, acting.customer.id)) {
    if (shop.id === acting.shopId) continue;
    const other: ActingShop = { shopId: shop.id, prefs: shop.prefs, customer: acting.customer, customerPrefs: acting.customerPrefs };
    await queueShopSyncs(prisma, queue, other, itemIds, { trigger: options.trigger, runId: options.runId });
  }
  return mine;
}

/**
 * The same for one store only: the per-store step of queueCustomerSyncs, and a resync of one shop after a
 * settings change (the settings page queues one resync per store concerned).
 */
export async function queueShopSyncs(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  shop: ActingShop,
  itemIds: readonly string[],
  options: QueueSyncOptions,
): Promise<ShopSyncs> {
  const links = await listLinksForShop(prisma, shop.shopId, { itemIds });
  const states = await loadItemStates(prisma, links.map((l) => l.itemId), { customerId: shop.customer.id });
  const levels = await knownLevels(prisma, shop.shopId, links.map((l) => l.inventoryItemId));
  const entries: SyncRequest[] = [];
  for (const link of links) {
    const item = states.get(link.itemId);
    if (!item) continue;
    entries.push({ itemId: link.itemId, item, link: toLinkState(link), known: levels.get(link.inventoryItemId) ?? {}, trigger: options.trigger });
  }
  const found = new Set(entries.map((e) => e.itemId));
  const missing = [...new Set(itemIds)].filter((id) => !found.has(id));
  const planned = planSyncs(shop.prefs, shop.customerPrefs, entries);
  const writes = planned.writes.map(({ request: _r, ...w }) => w);
  const skips = planned.skips.map(({ request: _r, ...s }) => s);
  const forced = options.trigger === "MANUAL" || options.trigger === "BULK";
  if (writes.length > 0) {
    await upsertPendingSyncs(
      prisma,
      writes.map((w) => ({
        shopId: shop.shopId,
        itemId: w.itemId,
        locationId: w.locationId,
        wanted: w.quantity,
        trigger: options.trigger,
        force: forced,
        runId: options.runId ?? null,
      })),
    );
    await kickWriter(queue, shop.shopId);
  }
  if (options.logSkips && skips.length > 0) {
    const knownOf = new Map(entries.map((e) => [e.itemId, e.known]));
    await appendSyncLogs(
      prisma,
      skipLogRows(shop.shopId, options.trigger, skips, {
        runId: options.runId ?? null,
        knownBefore: (s) => (s.locationId ? (knownOf.get(s.itemId)?.[s.locationId] ?? null) : null),
      }),
    );
  }
  return { writes, skips, missing };
}

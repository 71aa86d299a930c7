// Queues syncs a merchant asked for ("Sync now", bulk "Sync inventory", a settings change) through the domain
// core: planSyncs decides per item and location (rules 3.2, 3.5, 3.6); writes go into the shop's
// pending-sync set, where the shop writer decides again at send time and logs the outcome; skips that the
// merchant asked about are logged at once with their reason.
import type { PrismaClient } from "@prisma/client";
import { planSyncs, type PlannedSkip, type PlannedWrite, type SyncRequest, type SyncTrigger } from "../../domain";
import { knownLevels, listLinksForShop, toLinkState } from "../db/item-links";
import { loadItemStates } from "../db/items";
import { upsertPendingSyncs } from "../db/pending-syncs";
import { appendSyncLogs, skipLogRows } from "../db/sync-log";
import type { JobQueue } from "../jobs/types";
import { SHOP_WRITER_JOB, type ShopWriterJobData } from "../jobs/registry";
import type { ConnectedScope } from "../db/shop-scope";

export interface QueueSyncOptions {
  trigger: SyncTrigger;
  /** Tags the pending rows and their log entries (a bulk run's id). */
  runId?: string | null;
  /** Log the plan's skips now (a person is waiting to see why). */
  logSkips?: boolean;
}

export interface QueuedSyncs {
  writes: PlannedWrite[];
  skips: PlannedSkip[];
  /** Item ids asked for that are not matched items of this shop. */
  missing: string[];
}

export async function kickWriter(queue: Pick<JobQueue, "send">, shopId: string): Promise<void> {
  // Singleton per shop: many requests queue one writer run.
  await queue.send<ShopWriterJobData>(SHOP_WRITER_JOB, { shopId }, { singletonKey: shopId, shopId });
}

/** Plans and queues syncs for these items of the scope's shop (at most a few thousand per call). */
export async function queueItemSyncs(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  scope: ConnectedScope,
  itemIds: readonly string[],
  options: QueueSyncOptions,
): Promise<QueuedSyncs> {
  const links = await listLinksForShop(prisma, scope.shopId, { itemIds });
  const states = await loadItemStates(prisma, links.map((l) => l.itemId), { customerId: scope.customer.id });
  const levels = await knownLevels(prisma, scope.shopId, links.map((l) => l.inventoryItemId));
  const entries: SyncRequest[] = [];
  for (const link of links) {
    const item = states.get(link.itemId);
    if (!item) continue;
    entries.push({ itemId: link.itemId, item, link: toLinkState(link), known: levels.get(link.inventoryItemId) ?? {}, trigger: options.trigger });
  }
  const found = new Set(entries.map((e) => e.itemId));
  const missing = [...new Set(itemIds)].filter((id) => !found.has(id));
  const { writes, skips } = planSyncs(scope.prefs, scope.customerPrefs, entries);
  const plan = { writes: writes.map(({ request: _r, ...w }) => w), skips: skips.map(({ request: _r, ...s }) => s) };
  const forced = options.trigger === "MANUAL" || options.trigger === "BULK";
  if (plan.writes.length > 0) {
    await upsertPendingSyncs(
      prisma,
      plan.writes.map((w) => ({
        shopId: scope.shopId,
        itemId: w.itemId,
        locationId: w.locationId,
        wanted: w.quantity,
        trigger: options.trigger,
        force: forced,
        runId: options.runId ?? null,
      })),
    );
    await kickWriter(queue, scope.shopId);
  }
  if (options.logSkips && plan.skips.length > 0) {
    await appendSyncLogs(
      prisma,
      skipLogRows(scope.shopId, options.trigger, plan.skips, {
        runId: options.runId ?? null,
        knownBefore: (s) => (s.locationId ? (entries.find((e) => e.itemId === s.itemId)?.known[s.locationId] ?? null) : null),
      }),
    );
  }
  return { ...plan, missing };
}

// ui.resync: after a settings change, plans and queues a sync of every matched item of one shop (the
// settings page queues one job per store the change concerns). Unforced: the writer only sends what differs.
import { queueShopSyncs } from "../commands/queue-syncs";
import { matchedItemIdsAfter } from "../db/matched-items";
import { loadConnectedScope } from "../db/shop-scope";
import type { ResyncJobData } from "../jobs/registry";
import type { BulkJobContext, BulkJobDeps } from "./bulk-job-deps";

export async function resyncShop(deps: BulkJobDeps, data: ResyncJobData, ctx: BulkJobContext): Promise<{ items: number; writes: number }> {
  const scope = await loadConnectedScope(deps.prisma, data.shopId);
  if (!scope || !scope.prefs.syncEnabled) return { items: 0, writes: 0 };
  let after: string | null = null;
  let items = 0;
  let writes = 0;
  for (;;) {
    const ids = await matchedItemIdsAfter(deps.prisma, scope, after, deps.chunkSize ?? 500);
    if (ids.length === 0) break;
    const queued = await queueShopSyncs(deps.prisma, ctx.queue, scope, ids, { trigger: data.trigger });
    items += ids.length;
    writes += queued.writes.length;
    after = ids[ids.length - 1];
    await ctx.extendLock();
  }
  return { items, writes };
}

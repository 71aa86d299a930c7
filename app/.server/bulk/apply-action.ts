// RUNNING: applies the run's action to its QUEUED items, a batch at a time, with the merchant commands'
// bulk steps (commands/bulk-sync-step.ts, commands/bulk-set-step.ts), which reach every store of the
// customer. Sync then waits for the writers (WAITING); Set Sync Inventory is done.
import type { BulkRun } from "@prisma/client";
import type { ItemSyncSetting } from "../../domain";
import { bulkSetStep } from "../commands/bulk-set-step";
import { bulkSyncStep } from "../commands/bulk-sync-step";
import { isCancelRequested, queuedRunItemIds, refreshRunCounters, updateRun } from "../db/bulk-runs";
import type { ConnectedScope } from "../db/shop-scope";
import { RetriableJobError } from "../jobs/errors";
import { nowOf, type BulkJobContext, type BulkJobDeps } from "./bulk-job-deps";
import { cancelRun } from "./cancel-run";

export async function applyAction(deps: BulkJobDeps, scope: ConnectedScope, run: BulkRun, ctx: BulkJobContext): Promise<BulkRun> {
  const { prisma } = deps;
  const size = deps.chunkSize ?? 500;
  let rounds = 0;
  for (;;) {
    if (ctx.signal.aborted) throw new RetriableJobError("worker stopping; the run continues where it stopped", 0);
    if (await isCancelRequested(prisma, run.id)) return cancelRun(deps, run);
    const batch = await queuedRunItemIds(prisma, run.id, size);
    if (batch.length === 0) break;
    if (run.action === "SYNC") await bulkSyncStep(prisma, ctx.queue, scope, run.id, batch);
    else await bulkSetStep(prisma, ctx.queue, scope, run.id, run.setting as ItemSyncSetting, batch);
    await ctx.extendLock();
    if (++rounds % 4 === 0) await refreshRunCounters(prisma, run.id);
  }
  await refreshRunCounters(prisma, run.id);
  if (run.action === "SYNC") return updateRun(prisma, run.id, { status: "WAITING" });
  return updateRun(prisma, run.id, { status: "DONE", finishedAt: nowOf(deps) });
}

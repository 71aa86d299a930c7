// The background side of the merchant UI, for the worker's handler registry:
//   new Worker({ queue, handlers: { ...others, ...bulkJobHandlers(deps) } })
// ui.bulk-run advances one bulk run (advance-run.ts); ui.resync queues a sync of every matched item of a
// shop after a settings change (resync-shop.ts).
import { BULK_RUN_JOB, RESYNC_JOB, type BulkRunJobData, type ResyncJobData } from "../jobs/registry";
import type { JobHandler } from "../jobs/worker";
import { advanceBulkRun } from "./advance-run";
import type { BulkJobDeps } from "./bulk-job-deps";
import { resyncShop } from "./resync-shop";

export type { BulkJobDeps } from "./bulk-job-deps";

export function bulkJobHandlers(deps: BulkJobDeps): Record<string, JobHandler<never>> {
  const bulk: JobHandler<BulkRunJobData> = (job, ctx) => advanceBulkRun(deps, job.data.runId, ctx);
  const resync: JobHandler<ResyncJobData> = (job, ctx) => resyncShop(deps, job.data, ctx);
  return { [BULK_RUN_JOB]: bulk as JobHandler<never>, [RESYNC_JOB]: resync as JobHandler<never> };
}

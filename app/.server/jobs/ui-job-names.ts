// Background jobs started from the merchant UI (handlers: app/.server/bulk/bulk-jobs.ts, registered with the worker).
import type { SyncTrigger } from "../../domain";

/** Advances one bulk run (read a saved search, apply the action, follow the writer). data: { runId } */
export const BULK_RUN_JOB = "ui.bulk-run";
/** Queues a sync of every matched item of a shop after a settings change. data: { shopId, trigger } */
export const RESYNC_JOB = "ui.resync";

export interface BulkRunJobData {
  runId: string;
}

export interface ResyncJobData {
  shopId: string;
  trigger: SyncTrigger;
}

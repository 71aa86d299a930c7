// Retention (issue 12): stored webhooks (bodies up to 1 MB) and the sync log would otherwise grow
// forever. A daily platform job, also queued at worker start, deletes
//   - inbound events settled more than INBOUND_EVENT_RETENTION_DAYS ago (default 7);
//   - sync log rows older than SYNC_LOG_RETENTION_DAYS (default 30);
//   - FAILED inbound events after the longer of the two: a failure stays inspectable at least as long
//     as the log that reports it.
// PENDING events are never deleted. Forgetting an old event also forgets its dedupe key: a redelivery
// after a week would be stored again, and rule 3.7 (ordering by the resource's updated_at) makes it stale.
import type { JobQueue } from "../jobs/types";
import type { PlatformDeps } from "../wiring/deps";
import { PLATFORM_JOBS } from "../jobs/registry";
import { deleteSettledInboundEvents, deleteSyncLogBefore } from "../db/retention";

export const RETENTION_EVERY_MS = 24 * 3600_000;
export const DEFAULT_RETENTION = { inboundEventDays: 7, syncLogDays: 30 };
const DAY_MS = 86_400_000;

/** The daily run (idempotent: one waiting job per key). `at: "start"` queues a run now (worker start-up). */
export async function ensureRetentionSchedule(queue: Pick<JobQueue, "send">, now: Date, at: "daily" | "start" = "daily"): Promise<string | null> {
  const startAfter = at === "start" ? now : new Date(now.getTime() + RETENTION_EVERY_MS);
  return queue.send(PLATFORM_JOBS.retention, {}, { singletonKey: at, startAfter });
}

export interface RetentionResult {
  inboundEvents: number;
  syncLog: number;
  inboundEventDays: number;
  syncLogDays: number;
}

export async function runRetention(deps: PlatformDeps): Promise<RetentionResult> {
  const { inboundEventDays, syncLogDays } = deps.retention ?? DEFAULT_RETENTION;
  const now = deps.now().getTime();
  const inboundEvents = await deleteSettledInboundEvents(deps.prisma, {
    settledBefore: new Date(now - inboundEventDays * DAY_MS),
    failedBefore: new Date(now - Math.max(inboundEventDays, syncLogDays) * DAY_MS),
  });
  const syncLog = await deleteSyncLogBefore(deps.prisma, new Date(now - syncLogDays * DAY_MS));
  if (inboundEvents + syncLog > 0) deps.logger.info("retention: old rows deleted", { inboundEvents, syncLog, inboundEventDays, syncLogDays });
  return { inboundEvents, syncLog, inboundEventDays, syncLogDays };
}

/** The job: one run, then the next daily one (this job is active, so the singleton lets it in). */
export async function runRetentionJob(deps: PlatformDeps): Promise<RetentionResult> {
  const result = await runRetention(deps);
  await ensureRetentionSchedule(deps.queue, deps.now());
  return result;
}

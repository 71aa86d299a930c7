// Daily reconciliation: one self-rescheduling job queues a reconciliation for every installed,
// connected shop with sync on. `ensureReconcileSchedule` is idempotent (singleton key), so the worker
// calls it at start-up and afterAuth calls it too: whichever runs first creates the schedule.
import type { JobQueue } from "../jobs/types";
import type { PlatformDeps } from "../wiring/deps";
import { PLATFORM_JOBS } from "../jobs/registry";
import { requestReconciliation } from "./reconcile";
import { installedConnectedSyncingShopIds } from "../db/shops";

export const RECONCILE_EVERY_MS = 24 * 3600_000;
const SCHEDULE_KEY = "daily";

export async function ensureReconcileSchedule(queue: Pick<JobQueue, "send">, now: Date, delayMs = RECONCILE_EVERY_MS): Promise<string | null> {
  return queue.send(PLATFORM_JOBS.reconcileSchedule, {}, { singletonKey: SCHEDULE_KEY, startAfter: new Date(now.getTime() + delayMs) });
}

export async function runReconcileSchedule(deps: PlatformDeps): Promise<{ queued: number }> {
  const shopIds = await installedConnectedSyncingShopIds(deps.prisma);
  let queued = 0;
  for (const shopId of shopIds) if (await requestReconciliation(deps, shopId, "SCHEDULED")) queued++;
  // The next run. This job is still "active", so the singleton check (waiting jobs only) lets it in.
  await ensureReconcileSchedule(deps.queue, deps.now());
  return { queued };
}

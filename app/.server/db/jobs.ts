// Read-only counts over the Job table for pages (the queue itself, with its claims and locks, is
// jobs/prisma-job-queue.ts).
import type { Db } from "./db-types";

/** Job states in which a job is still to run or running (pg-boss names). */
const WAITING_OR_ACTIVE = ["created", "retry", "active"];

/** A shop's jobs of one name that are waiting or running (e.g. "is a reconciliation queued?"). */
export async function countWaitingOrActiveJobs(prisma: Db, filter: { shopId: string; name: string }): Promise<number> {
  return prisma.job.count({ where: { shopId: filter.shopId, name: filter.name, state: { in: WAITING_OR_ACTIVE } } });
}

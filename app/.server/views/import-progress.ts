// The first import's progress on Home and Settings (issue 14, item 4): while a Whiplash import of this
// shop waits or runs (the job, read through the JobQueue interface), how many items were read and how
// many are matched or unmatched so far. null when no import of this shop is waiting or running.
import type { PrismaClient } from "@prisma/client";
import { WHIPLASH_IMPORT_JOB } from "../jobs/registry";
import type { JobQueue } from "../jobs/types";
import { importCounts, type ImportCounts } from "../db/import-progress-queries";
import type { ConnectedScope } from "../db/shop-scope";

export interface ImportProgress extends ImportCounts {
  /** waiting: queued (or retrying after an error); running: a worker has it. */
  phase: "waiting" | "running";
}

export async function loadImportProgress(prisma: PrismaClient, queue: Pick<JobQueue, "countsByState">, scope: ConnectedScope): Promise<ImportProgress | null> {
  const jobs = await queue.countsByState({ name: WHIPLASH_IMPORT_JOB, shopId: scope.shopId });
  if (jobs.active + jobs.created + jobs.retry === 0) return null;
  return { phase: jobs.active > 0 ? "running" : "waiting", ...(await importCounts(prisma, scope.shopId, scope.customer.id)) };
}

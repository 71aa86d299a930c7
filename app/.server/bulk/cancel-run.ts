// Cancelling a run: the syncs of the run no writer has sent yet are withdrawn (in every store of the
// customer), unfinished items are CANCELLED.
import type { BulkRun } from "@prisma/client";
import { refreshRunCounters, setRunItemsWithOutcome, updateRun, withdrawRunSyncs } from "../db/bulk-runs";
import { nowOf, type BulkJobDeps } from "./bulk-job-deps";

export async function cancelRun(deps: BulkJobDeps, run: BulkRun): Promise<BulkRun> {
  await withdrawRunSyncs(deps.prisma, run.id);
  await setRunItemsWithOutcome(deps.prisma, run.id, ["QUEUED", "PENDING"], { outcome: "CANCELLED", detail: "Cancelled before it was applied." });
  await refreshRunCounters(deps.prisma, run.id);
  return updateRun(deps.prisma, run.id, { status: "CANCELLED", finishedAt: nowOf(deps) });
}

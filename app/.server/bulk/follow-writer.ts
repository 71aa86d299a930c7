// WAITING: folds the acting shop's sync-log rows for the run into the item results (WRITTEN, FAILED,
// SKIPPED with the writer's reason); done when no store of the customer has a sync of the run pending.
import type { BulkRun } from "@prisma/client";
import { describeSyncReason, type SyncReason } from "../../domain";
import { foldRunItemResults, refreshRunCounters, runLogRows, setRunItemsWithOutcome, shopsWithRunPending, updateRun, type FoldedResult } from "../db/bulk-runs";
import { kickWriter } from "../sync/kick-writer";
import { nowOf, type BulkJobContext, type BulkJobDeps } from "./bulk-job-deps";
import { reasonText } from "./run-reasons";

const SYNCED = new Set(["SYNCED", "WRITTEN"]);
const FAILED = new Set(["FAILED"]);
const SKIPPED = new Set(["SKIPPED"]);

export async function followWriter(deps: BulkJobDeps, ctx: BulkJobContext, run: BulkRun): Promise<BulkRun> {
  const { prisma } = deps;
  let cursor = run.logCursor;
  for (;;) {
    const rows = await runLogRows(prisma, run.shopId, run.id, cursor, 2000);
    if (rows.length === 0) break;
    const results: FoldedResult[] = [];
    for (const r of rows) {
      if (!r.itemId) continue;
      const decision = r.decision.toUpperCase();
      if (SYNCED.has(decision)) {
        results.push({ itemId: r.itemId, from: ["PENDING", "SKIPPED"], outcome: "WRITTEN", reason: r.reason, detail: describeSyncReason(r.reason as SyncReason), quantity: r.quantityAfter });
      } else if (FAILED.has(decision)) {
        results.push({ itemId: r.itemId, from: ["PENDING", "SKIPPED", "WRITTEN"], outcome: "FAILED", reason: r.reason, detail: r.error ?? r.reason });
      } else if (SKIPPED.has(decision)) {
        results.push({ itemId: r.itemId, from: ["PENDING"], outcome: "SKIPPED", reason: r.reason, detail: reasonText(r.reason) });
      }
    }
    await foldRunItemResults(prisma, run.id, results);
    cursor = rows[rows.length - 1].id;
  }
  run = await updateRun(prisma, run.id, { logCursor: cursor });
  const pendingIn = await shopsWithRunPending(prisma, run.id);
  if (pendingIn.length > 0) {
    // Writers are singletons per shop: this only queues one where none is waiting.
    for (const shopId of pendingIn) await kickWriter(ctx.queue, shopId);
    await refreshRunCounters(prisma, run.id);
    return run;
  }
  // Nothing of the run is pending any more; an item with no result was replaced by a newer sync.
  await setRunItemsWithOutcome(prisma, run.id, ["PENDING"], { outcome: "SKIPPED", reason: "REPLACED", detail: reasonText("REPLACED") });
  await refreshRunCounters(prisma, run.id);
  return updateRun(prisma, run.id, { status: "DONE", finishedAt: nowOf(deps) });
}

// ui.bulk-run advances one BulkRun through its states, all of them stored, so a run survives a reload, a
// worker crash and a server restart (the job is re-delivered; every step is idempotent):
//   QUEUED   -> selection/filter: item rows recorded (QUEUED)      -> RUNNING        (record-selection.ts)
//            -> saved search: bulkOperationRunQuery started        -> READING        (read-saved-search.ts)
//   READING  -> poll the bulk operation; COMPLETED: read the JSONL, map variants to items -> RUNNING
//   RUNNING  -> apply the action 500 items at a time with the merchant commands   -> WAITING (Sync) or DONE
//   WAITING  -> fold the writer's sync-log rows for the run into the item results until none is pending -> DONE
// A cancel request is honoured at every step (cancel-run.ts).
// While waiting (READING, WAITING) the job re-queues itself with startAfter instead of sleeping.
import type { BulkRun } from "@prisma/client";
import { findRun, updateRun } from "../db/bulk-runs";
import { loadConnectedScope } from "../db/shop-scope";
import { BULK_RUN_JOB, type BulkRunJobData } from "../jobs/registry";
import { applyAction } from "./apply-action";
import { nowOf, type BulkJobContext, type BulkJobDeps } from "./bulk-job-deps";
import { cancelRun } from "./cancel-run";
import { followWriter } from "./follow-writer";
import { pollSavedSearchRead, startSavedSearchRead } from "./read-saved-search";
import { recordSelection } from "./record-selection";
import type { SourceRef } from "./run-types";

export interface AdvanceResult {
  status: string;
}

async function again(deps: BulkJobDeps, ctx: BulkJobContext, run: BulkRun): Promise<void> {
  await ctx.queue.send<BulkRunJobData>(
    BULK_RUN_JOB,
    { runId: run.id },
    { singletonKey: run.id, shopId: run.shopId, startAfter: new Date(nowOf(deps).getTime() + (deps.pollMs ?? 1000)) },
  );
}

export async function advanceBulkRun(deps: BulkJobDeps, runId: string, ctx: BulkJobContext): Promise<AdvanceResult> {
  const { prisma } = deps;
  let run = await findRun(prisma, runId);
  if (!run) return { status: "GONE" };
  if (["DONE", "CANCELLED", "FAILED"].includes(run.status)) return { status: run.status };
  if (run.cancelRequested) return { status: (await cancelRun(deps, run)).status };
  const scope = await loadConnectedScope(prisma, run.shopId);
  if (!scope) {
    await updateRun(prisma, run.id, { status: "FAILED", error: "The store is no longer connected to Whiplash.", finishedAt: nowOf(deps) });
    return { status: "FAILED" };
  }
  const ref = JSON.parse(run.sourceRef) as SourceRef;

  if (run.status === "QUEUED") {
    run = await updateRun(prisma, run.id, { startedAt: run.startedAt ?? nowOf(deps) });
    if (ref.kind === "SAVED_SEARCH") {
      run = await startSavedSearchRead(deps, run, ref);
      await again(deps, ctx, run);
      return { status: run.status };
    }
    run = await recordSelection(deps, scope, run, ref, ctx);
    if (run.status === "CANCELLED") return { status: run.status };
  }

  if (run.status === "READING") {
    const next = await pollSavedSearchRead(deps, scope, run);
    if (next.status === "READING") {
      await again(deps, ctx, next);
      return { status: next.status };
    }
    run = next;
    if (run.status === "FAILED") return { status: run.status };
  }

  if (run.status === "RUNNING") {
    run = await applyAction(deps, scope, run, ctx);
    if (run.status !== "WAITING") return { status: run.status };
  }

  if (run.status === "WAITING") {
    run = await followWriter(deps, ctx, run);
    if (run.status === "WAITING") await again(deps, ctx, run);
  }
  return { status: run.status };
}

// Reading bulk runs for the Bulk pages (always for the session's shop): a run's progress and counters, the
// latest item results, and a person's cancel request (the job honours it at its next step).
import type { BulkRun, PrismaClient } from "@prisma/client";
import type { ItemSyncSetting } from "../../domain";
import { findShopRun, isShopRun, listShopRuns, recentShownRunItems, requestCancel } from "../db/bulk-runs";
import { reasonText } from "./run-reasons";
import { actionLabel, isActive, type BulkAction, type RunStatus, type SourceKind } from "./run-types";

export interface SkipCount {
  reason: string;
  count: number;
  text: string;
}

export interface BulkRunView {
  id: string;
  action: BulkAction;
  actionLabel: string;
  setting: ItemSyncSetting | null;
  sourceKind: SourceKind;
  sourceLabel: string;
  status: RunStatus;
  statusLabel: string;
  active: boolean;
  total: number;
  done: number;
  succeeded: number;
  skipped: number;
  failed: number;
  percent: number;
  skippedByReason: SkipCount[];
  cancelRequested: boolean;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const STATUS_LABELS: Record<RunStatus, string> = {
  QUEUED: "Waiting to start",
  READING: "Reading the saved search from Shopify",
  RUNNING: "Applying",
  WAITING: "Sending to Shopify",
  DONE: "Done",
  CANCELLED: "Cancelled",
  FAILED: "Failed",
};

export function toRunView(run: BulkRun): BulkRunView {
  let byReason: Record<string, number> = {};
  try {
    byReason = JSON.parse(run.skippedByReason) as Record<string, number>;
  } catch {
    byReason = {};
  }
  const status = run.status as RunStatus;
  const percent = status === "DONE" ? 100 : run.total > 0 ? Math.min(100, Math.floor((run.done / run.total) * 100)) : 0;
  return {
    id: run.id,
    action: run.action as BulkAction,
    actionLabel: actionLabel(run.action as BulkAction, run.setting as ItemSyncSetting | null),
    setting: run.setting as ItemSyncSetting | null,
    sourceKind: run.sourceKind as SourceKind,
    sourceLabel: run.sourceLabel,
    status,
    statusLabel: run.cancelRequested && isActive(status) ? "Cancelling" : STATUS_LABELS[status],
    active: isActive(status),
    total: run.total,
    done: run.done,
    succeeded: run.succeeded,
    skipped: run.skipped,
    failed: run.failed,
    percent,
    skippedByReason: Object.entries(byReason)
      .sort((a, b) => b[1] - a[1])
      .map(([reason, count]) => ({ reason, count, text: reasonText(reason) })),
    cancelRequested: run.cancelRequested,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

export async function getBulkRun(prisma: PrismaClient, shopId: string, runId: string): Promise<BulkRunView | null> {
  const run = await findShopRun(prisma, shopId, runId);
  return run ? toRunView(run) : null;
}

export async function listBulkRuns(prisma: PrismaClient, shopId: string, take = 20): Promise<BulkRunView[]> {
  return (await listShopRuns(prisma, shopId, take)).map(toRunView);
}

export interface RunItemView {
  itemId: string | null;
  sku: string;
  outcome: string;
  reason: string | null;
  detail: string | null;
  quantity: number | null;
}

/** The latest results of a run (the page shows a few; the CSV has all). */
export async function recentRunItems(prisma: PrismaClient, shopId: string, runId: string, take = 20): Promise<RunItemView[] | null> {
  if (!(await isShopRun(prisma, shopId, runId))) return null;
  const rows = await recentShownRunItems(prisma, runId, take);
  return rows.map((r) => ({
    itemId: r.itemId.startsWith("variant:") ? null : r.itemId,
    sku: r.sku,
    outcome: r.outcome,
    reason: r.reason,
    detail: r.detail,
    quantity: r.quantity,
  }));
}

/** Asks the run to stop; the job stops at its next step and withdraws syncs not yet sent. */
export async function cancelBulkRun(prisma: PrismaClient, shopId: string, runId: string): Promise<"cancelling" | "finished" | "not-found"> {
  const run = await findShopRun(prisma, shopId, runId);
  if (!run) return "not-found";
  if (!isActive(run.status)) return "finished";
  await requestCancel(prisma, shopId, runId);
  return "cancelling";
}

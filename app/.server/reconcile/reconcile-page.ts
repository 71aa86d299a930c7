// The Reconciliation page: the shop's latest report (counts and the discrepancy list), whether one is
// running or waiting to start, and the on-demand request. Everything is scoped to the session's shop.
import type { PrismaClient } from "@prisma/client";
import type { JobQueue } from "../jobs/types";
import { PLATFORM_JOBS } from "../jobs/registry";
import { latestReconcileReport, requestReconciliation } from "./reconcile";
import type { Discrepancy, DiscrepancyKind } from "./reconcile-compare";
import { countRunningReports, runningReportStartedAt } from "../db/reconcile-reports";
import { countDriftedLinks } from "../db/item-links";
import { shopCustomerId } from "../db/shops";

export const DISCREPANCY_LABELS: Record<DiscrepancyKind, string> = {
  DRIFT: "Changed in Shopify",
  BEHIND: "Shopify behind warehouse",
  NOT_STOCKED: "Not stocked at location",
  NOT_TRACKED: "Not tracked in Shopify",
};

export interface ReconcileRow extends Discrepancy {
  kindLabel: string;
  actionLabel: string;
}

export interface ReconcileView {
  /** "RUNNING" while a bulk read is in progress, "QUEUED" while the request waits for the worker. */
  activity: "IDLE" | "QUEUED" | "RUNNING";
  runningSince: string | null;
  report: {
    id: string;
    status: string;
    trigger: string;
    startedAt: string;
    finishedAt: string | null;
    checked: number;
    matching: number;
    discrepancies: number;
    corrected: number;
    flagged: number;
    error: string | null;
    rows: ReconcileRow[];
    /** The page shows the first 500 discrepancies; true when there were more (the CSV has them all). */
    truncated: boolean;
  } | null;
  /** Items whose Shopify quantity someone else changed (ItemLink.driftDetectedAt set). */
  driftedItems: number;
}

/** A shop's reconciliation jobs waiting or running, asked of the queue (SQLite's Job table or pg-boss's). */
async function reconcileJobsInFlight(queue: Pick<JobQueue, "countsByState">, shopId: string): Promise<number> {
  const counts = await queue.countsByState({ shopId, name: PLATFORM_JOBS.reconcile });
  return counts.created + counts.retry + counts.active;
}

export async function loadReconcileView(prisma: PrismaClient, queue: Pick<JobQueue, "countsByState">, shopId: string): Promise<ReconcileView> {
  const [latest, runningSince, queued, driftedItems] = await Promise.all([
    latestReconcileReport(prisma, shopId),
    runningReportStartedAt(prisma, shopId),
    reconcileJobsInFlight(queue, shopId),
    countDriftedLinks(prisma, shopId),
  ]);
  const r = latest.report;
  return {
    activity: runningSince ? "RUNNING" : queued > 0 ? "QUEUED" : "IDLE",
    runningSince: runningSince?.toISOString() ?? null,
    driftedItems,
    report: r && {
      id: r.id,
      status: r.status,
      trigger: r.trigger,
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt?.toISOString() ?? null,
      checked: r.checked,
      matching: r.matching,
      discrepancies: r.discrepancies,
      corrected: r.corrected,
      flagged: r.flagged,
      error: r.error,
      truncated: r.discrepancies > r.detail.length,
      rows: r.detail.map((d) => ({
        ...d,
        kindLabel: DISCREPANCY_LABELS[d.kind] ?? d.kind,
        actionLabel: d.action === "QUEUED" ? "Sync queued" : "Flagged, left as is",
      })),
    },
  };
}

/** One line for the Home page, or null when the shop has never been reconciled. */
export async function reconcileSummary(prisma: PrismaClient, shopId: string): Promise<{ running: boolean; text: string; finishedAt: string | null } | null> {
  const latest = await latestReconcileReport(prisma, shopId);
  const r = latest.report;
  if (!r) return latest.running ? { running: true, text: "First reconciliation running.", finishedAt: null } : null;
  const text =
    r.status === "FAILED"
      ? `Last reconciliation failed${r.error ? `: ${r.error}` : "."}`
      : `${r.checked} levels checked, ${r.matching} in sync, ${r.discrepancies} discrepancies (${r.corrected} fixes queued, ${r.flagged} flagged).`;
  return { running: latest.running, text, finishedAt: (r.finishedAt ?? r.startedAt).toISOString() };
}

export type RunResult = { ok: boolean; message: string; status: number };

/** The "Run reconciliation now" button: queues the job for this shop unless one is already waiting. */
export async function runReconciliationNow(prisma: PrismaClient, queue: JobQueue, shopId: string): Promise<RunResult> {
  if (!(await shopCustomerId(prisma, shopId))) return { ok: false, status: 409, message: "Connect Whiplash in Settings first." };
  const running = await countRunningReports(prisma, shopId);
  if (running > 0) return { ok: true, status: 200, message: "A reconciliation is already running." };
  const jobId = await requestReconciliation({ queue }, shopId, "MANUAL");
  return jobId
    ? { ok: true, status: 200, message: "Reconciliation started." }
    : { ok: true, status: 200, message: "A reconciliation is already waiting to start." };
}

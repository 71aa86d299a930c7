// Reconciliation: a bulk read of the shop's levels, compared with what the rules would publish.
//   start   -> bulkOperationRunQuery, a RUNNING ReconcileReport, and a fallback poll job;
//   collect -> (on bulk_operations/finish, or the poll) read bulkOperation(id); when COMPLETED, stream
//              the JSONL, compare (reconcile-compare.ts), record what Shopify shows, queue the fixes
//              the rules allow, and store the report.
// It stops cleanly when the shop is uninstalled meanwhile (report CANCELLED, nothing left queued).
import type { JobQueue } from "../jobs/types";
import { PermanentJobError, RetriableJobError } from "../jobs/errors";
import { cancelPendingSyncs, upsertPendingSyncs } from "../db/pending-syncs";
import { RECONCILE_LEVELS_BULK_QUERY } from "../shopify/operations/reconcile-levels";
import { finishedBulkOperationId, readBulkOperation, startBulkQuery, streamBulkResult } from "../shopify/bulk-query";
import type { PlatformDeps, PlatformJobDeps } from "../wiring/deps";
import { SHOPIFY_SOURCE, settleEvent } from "../intake/inbound-events";
import { PLATFORM_JOBS, type ReconcileJobData, type ReconcileTrigger } from "../jobs/registry";
import { kickWriter } from "../sync/kick-writer";
import { collectLevels, compareShop, type Discrepancy, type ShopifyItemLevels } from "./reconcile-compare";
import { loadLinkedItems, loadShopContext } from "../db/shop-state";
import { managedInventoryItemIds, markItemsDrifted, recordSnapshotLevels } from "../db/item-links";
import { pendingEventsOfShop } from "../db/inbound-events";
import {
  appendDiscrepancies,
  createRunningReport,
  deleteDiscrepancies,
  discrepancyPage,
  findRunningReportSince,
  finishReport,
  latestEndedReport,
  latestRunningReport,
  reportShopId,
  runningReportsWithBulkOperation,
  type ReportResultFields,
} from "../db/reconcile-reports";
import { TOPICS } from "../intake/shopify-topics";

export type { ReconcileJobData, ReconcileTrigger };

/** Fallback poll interval when no bulk_operations/finish webhook arrives. */
export const RECONCILE_POLL_MS = 60_000;
/** A bulk read still unfinished after this is given up (Shopify's own limit is 10 days; ours is a day). */
export const RECONCILE_MAX_AGE_MS = 24 * 3600_000;
const PAGE = 1000;
/** Discrepancies the page shows (the report keeps every one; the CSV export has them all). */
export const PAGE_DISCREPANCIES = 500;

/** On demand (the UI): queue a reconciliation unless one is already waiting. Returns the job id or null. */
export async function requestReconciliation(deps: { queue: Pick<JobQueue, "send"> }, shopId: string, trigger: ReconcileTrigger = "MANUAL") {
  return deps.queue.send<ReconcileJobData>(PLATFORM_JOBS.reconcile, { shopId, trigger }, { singletonKey: shopId, shopId });
}

/** The UI's report: the latest finished one, plus whether one is running. */
export async function latestReconcileReport(prisma: PlatformDeps["prisma"], shopId: string) {
  const [done, running] = await Promise.all([
    latestEndedReport(prisma, shopId),
    latestRunningReport(prisma, shopId),
  ]);
  // Reports keep every discrepancy as rows; reports from before that kept the first 500 as JSON.
  const rows = done ? await discrepancyPage(prisma, shopId, done.id, { take: PAGE_DISCREPANCIES }) : [];
  const detail = rows.length > 0 || !done ? (rows as Discrepancy[]) : (JSON.parse(done.detail) as Discrepancy[]);
  return {
    running: running !== null,
    report: done && { ...done, detail },
  };
}

export async function startReconciliation(deps: PlatformJobDeps, data: ReconcileJobData): Promise<{ started: boolean; reason?: string; reportId?: string }> {
  const { prisma } = deps;
  const ctx = await loadShopContext(prisma, data.shopId);
  if (!ctx || ctx.uninstalled) return { started: false, reason: "shop not installed" };
  if (!ctx.customer) return { started: false, reason: "shop not connected to Whiplash" };
  const now = deps.now();
  const running = await findRunningReportSince(prisma, data.shopId, new Date(now.getTime() - RECONCILE_MAX_AGE_MS));
  if (running) return { started: false, reason: "already running", reportId: running.id };

  const start = await startBulkQuery(deps.adminClient(data.shopId), RECONCILE_LEVELS_BULK_QUERY);
  if (!start.started) {
    // Another bulk query of ours (up to 5 per shop) is running: try again later.
    if (start.busy) throw new RetriableJobError(start.message, 5 * 60_000);
    throw new PermanentJobError(`bulkOperationRunQuery refused: ${start.message}`);
  }
  const report = await createRunningReport(prisma, {
    shopId: data.shopId,
    trigger: data.trigger ?? "SCHEDULED",
    bulkOperationId: start.bulkOperationId,
    startedAt: now,
  });
  await schedulePoll(deps, data.shopId);
  deps.logger.info("reconciliation started", { shop: data.shopId, reportId: report.id, bulkOperationId: start.bulkOperationId });
  return { started: true, reportId: report.id };
}

async function schedulePoll(deps: PlatformDeps, shopId: string) {
  await deps.queue.send(PLATFORM_JOBS.reconcileCollect, { shopId }, {
    singletonKey: `poll:${shopId}`,
    shopId,
    startAfter: new Date(deps.now().getTime() + RECONCILE_POLL_MS),
  });
}

export interface CollectResult {
  reports: { id: string; status: string; discrepancies?: number }[];
}

/** Handles bulk_operations/finish deliveries and polls; one run per shop at a time. */
export async function collectReconciliation(deps: PlatformJobDeps, data: { shopId: string }, signal?: AbortSignal): Promise<CollectResult> {
  const { prisma } = deps;
  const finished = await pendingEventsOfShop(prisma, { source: SHOPIFY_SOURCE, shopId: data.shopId, topic: TOPICS.bulkOperationsFinish });
  const reports = await runningReportsWithBulkOperation(prisma, data.shopId);
  const ours = new Set(reports.map((r) => r.bulkOperationId));
  for (const event of finished) {
    const id = finishedBulkOperationId(event.rawBody);
    await settleEvent(prisma, event.id, id && ours.has(id) ? "APPLIED" : "UNUSED", id ?? "no operation id", deps.now());
  }
  const out: CollectResult = { reports: [] };
  for (const report of reports) out.reports.push(await collectOne(deps, report, signal));
  return out;
}

type ReportRow = { id: string; shopId: string; bulkOperationId: string | null; startedAt: Date };

async function finish(deps: PlatformDeps, id: string, status: string, fields: ReportResultFields = {}) {
  await finishReport(deps.prisma, id, status, deps.now(), fields);
  return { id, status };
}

async function collectOne(deps: PlatformJobDeps, report: ReportRow, signal?: AbortSignal) {
  const ctx = await loadShopContext(deps.prisma, report.shopId);
  if (!ctx || ctx.uninstalled || !ctx.customer) return finish(deps, report.id, "CANCELLED", { error: "shop uninstalled or disconnected" });
  // Reports are selected with a bulkOperationId (collectReconciliation).
  const op = await readBulkOperation(deps.adminClient(report.shopId), report.bulkOperationId!);
  if (op.state === "missing") return finish(deps, report.id, "FAILED", { error: "bulk operation not found" });
  if (op.state === "running") {
    if (deps.now().getTime() - report.startedAt.getTime() > RECONCILE_MAX_AGE_MS) {
      return finish(deps, report.id, "FAILED", { error: "bulk operation did not finish in time" });
    }
    await schedulePoll(deps, report.shopId);
    return { id: report.id, status: "RUNNING" };
  }
  if (op.state === "ended") return finish(deps, report.id, "FAILED", { error: `bulk operation ${op.status} ${op.errorCode ?? ""}`.trim() });

  // Which inventory items we manage: the JSONL is filtered to them while it streams in.
  const wanted = await managedInventoryItemIds(deps.prisma, report.shopId);
  const shopify = new Map<string, ShopifyItemLevels>();
  await streamBulkResult(deps.fetch, op, (batch) => collectLevels(batch, wanted, shopify), signal);

  const totals = { checked: 0, matching: 0, discrepancies: 0, corrected: 0, flagged: 0 };
  // A collect stopped midway (worker stopping) runs again from the first page: start the list again.
  await deleteDiscrepancies(deps.prisma, report.shopId, report.id);
  let after: string | undefined;
  for (;;) {
    // Long job: stop between pages when the worker stops (retried later) or the shop goes away.
    if (signal?.aborted) throw new RetriableJobError("worker stopping; reconciliation resumes later");
    const page = await loadLinkedItems(deps.prisma, report.shopId, {}, { take: PAGE, afterLinkId: after });
    if (page.length === 0) break;
    after = page.at(-1)!.link.id;
    const fresh = await loadShopContext(deps.prisma, report.shopId);
    if (!fresh || fresh.uninstalled || !fresh.customer) return stopUninstalled(deps, report.id);
    const outcome = compareShop({
      shop: fresh.prefs,
      customer: fresh.customer,
      driftPolicy: fresh.customer.driftPolicy,
      entries: page.map((e) => ({ itemId: e.itemId, sku: e.sku, variantId: e.link.variantId, item: e.item, link: e.link, written: e.written, knownAt: e.knownAt })),
      shopify,
      snapshotAt: report.startedAt,
    });
    await applyOutcome(deps, report.shopId, outcome, report.startedAt);
    await appendDiscrepancies(deps.prisma, report, totals.discrepancies, outcome.discrepancies);
    totals.checked += outcome.checked;
    totals.matching += outcome.matching;
    totals.discrepancies += outcome.discrepancies.length;
    totals.corrected += outcome.discrepancies.filter((d) => d.action === "QUEUED").length;
    totals.flagged += outcome.discrepancies.filter((d) => d.action === "FLAGGED").length;
  }
  // An uninstall that landed while we queued fixes: its cancel ran before our last writes.
  const last = await loadShopContext(deps.prisma, report.shopId);
  if (!last || last.uninstalled) return stopUninstalled(deps, report.id);
  if (totals.corrected > 0) await kickWriter(deps.queue, report.shopId);
  deps.logger.info("reconciliation done", { shop: report.shopId, reportId: report.id, ...totals });
  return { ...(await finish(deps, report.id, "DONE", totals)), discrepancies: totals.discrepancies };
}

async function stopUninstalled(deps: PlatformDeps, reportId: string) {
  const shopId = await reportShopId(deps.prisma, reportId);
  if (shopId) await cancelPendingSyncs(deps.prisma, shopId);
  return finish(deps, reportId, "CANCELLED", { error: "shop uninstalled during reconciliation" });
}

/**
 * `snapshotAt` is when the bulk read started (taken before bulkOperationRunQuery was sent): Shopify's
 * levels in the JSONL are at least that recent, and may be older than now. They are known as of then, and
 * never replace a level learned later; a later inventory_levels/update is then newer and still applies.
 */
async function applyOutcome(deps: PlatformDeps, shopId: string, outcome: ReturnType<typeof compareShop>, snapshotAt: Date) {
  const { prisma } = deps;
  const at = deps.now();
  await recordSnapshotLevels(prisma, shopId, outcome.known, snapshotAt);
  if (outcome.drifted.length) await markItemsDrifted(prisma, shopId, outcome.drifted, at);
  await upsertPendingSyncs(
    prisma,
    outcome.fixes.map((f) => ({ shopId, itemId: f.itemId, locationId: f.locationId, wanted: f.wanted, trigger: "RECONCILE" as const })),
  );
}

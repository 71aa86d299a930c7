// Bulk runs (BulkRun) and their per-item results (BulkRunItem), plus the queries a run makes on the
// pending-sync set and the sync log while it follows the writers. Reads a person makes are scoped by shop;
// the background job addresses a run by its id.
import type { BulkRun, BulkRunItem, Prisma, PrismaClient } from "@prisma/client";

export interface NewBulkRun {
  shopId: string;
  action: string;
  setting: string | null;
  sourceKind: string;
  sourceLabel: string;
  sourceRef: string;
}

export function createRun(prisma: PrismaClient, data: NewBulkRun): Promise<BulkRun> {
  return prisma.bulkRun.create({ data });
}

export function findShopRun(prisma: PrismaClient, shopId: string, runId: string): Promise<BulkRun | null> {
  return prisma.bulkRun.findFirst({ where: { id: runId, shopId } });
}

export async function isShopRun(prisma: PrismaClient, shopId: string, runId: string): Promise<boolean> {
  return (await prisma.bulkRun.findFirst({ where: { id: runId, shopId }, select: { id: true } })) !== null;
}

export function listShopRuns(prisma: PrismaClient, shopId: string, take: number): Promise<BulkRun[]> {
  return prisma.bulkRun.findMany({ where: { shopId }, orderBy: { createdAt: "desc" }, take });
}

export async function requestCancel(prisma: PrismaClient, shopId: string, runId: string): Promise<void> {
  await prisma.bulkRun.updateMany({ where: { id: runId, shopId }, data: { cancelRequested: true } });
}

export function findRun(prisma: PrismaClient, runId: string): Promise<BulkRun | null> {
  return prisma.bulkRun.findUnique({ where: { id: runId } });
}

export function updateRun(prisma: PrismaClient, runId: string, data: Prisma.BulkRunUpdateInput): Promise<BulkRun> {
  return prisma.bulkRun.update({ where: { id: runId }, data });
}

/** True when a cancel was asked for, or the run is gone. */
export async function isCancelRequested(prisma: PrismaClient, runId: string): Promise<boolean> {
  return (await prisma.bulkRun.findUnique({ where: { id: runId }, select: { cancelRequested: true } }))?.cancelRequested ?? true;
}

// ---- item results ------------------------------------------------------------------------------------

export interface RunItemInput {
  itemId: string;
  sku: string;
  outcome?: string;
  reason?: string;
  detail?: string;
}

/** Records item rows (QUEUED unless given); idempotent on re-delivery: rows already there are left as they are. */
export async function insertRunItems(prisma: PrismaClient, runId: string, rows: readonly RunItemInput[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const part = rows.slice(i, i + 500);
    const existing = new Set(
      (await prisma.bulkRunItem.findMany({ where: { runId, itemId: { in: part.map((r) => r.itemId) } }, select: { itemId: true } })).map((r) => r.itemId),
    );
    const fresh = part.filter((r) => !existing.has(r.itemId));
    if (fresh.length) {
      await prisma.bulkRunItem.createMany({
        data: fresh.map((r) => ({ runId, itemId: r.itemId, sku: r.sku, outcome: r.outcome ?? "QUEUED", reason: r.reason ?? null, detail: r.detail ?? null })),
      });
    }
  }
}

export function countRunItems(prisma: PrismaClient, runId: string): Promise<number> {
  return prisma.bulkRunItem.count({ where: { runId } });
}

/** The next item ids still to apply, in id order. */
export async function queuedRunItemIds(prisma: PrismaClient, runId: string, take: number): Promise<string[]> {
  const rows = await prisma.bulkRunItem.findMany({ where: { runId, outcome: "QUEUED" }, orderBy: { itemId: "asc" }, take, select: { itemId: true } });
  return rows.map((r) => r.itemId);
}

export interface RunItemResult {
  itemId: string;
  outcome: string;
  reason?: string | null;
  detail?: string | null;
  quantity?: number | null;
}

/** Sets the results of these items, in one transaction. */
export async function setRunItemResults(prisma: PrismaClient, runId: string, results: readonly RunItemResult[]): Promise<void> {
  if (results.length === 0) return;
  await prisma.$transaction(
    results.map(({ itemId, ...data }) => prisma.bulkRunItem.update({ where: { runId_itemId: { runId, itemId } }, data })),
  );
}

/** A result folded in from the writer's log: applies only to items whose outcome is one of `from`. */
export interface FoldedResult extends RunItemResult {
  from: string[];
}

export async function foldRunItemResults(prisma: PrismaClient, runId: string, results: readonly FoldedResult[]): Promise<void> {
  if (results.length === 0) return;
  await prisma.$transaction(
    results.map(({ itemId, from, ...data }) => prisma.bulkRunItem.updateMany({ where: { runId, itemId, outcome: { in: from } }, data })),
  );
}

/** Every item of the run with one of these outcomes gets `data`. */
export async function setRunItemsWithOutcome(
  prisma: PrismaClient,
  runId: string,
  outcomes: string[],
  data: { outcome: string; reason?: string; detail: string },
): Promise<void> {
  await prisma.bulkRunItem.updateMany({ where: { runId, outcome: { in: outcomes } }, data });
}

/** The latest results, QUEUED rows left out (the page shows a few). */
export function recentShownRunItems(prisma: PrismaClient, runId: string, take: number): Promise<BulkRunItem[]> {
  return prisma.bulkRunItem.findMany({ where: { runId, outcome: { notIn: ["QUEUED"] } }, orderBy: { updatedAt: "desc" }, take });
}

/** All results in item id order, `take` at a time after `after` (keyset; the CSV export). */
export function runItemsPage(prisma: PrismaClient, runId: string, after: string | null, take: number): Promise<BulkRunItem[]> {
  return prisma.bulkRunItem.findMany({
    where: { runId, ...(after !== null ? { itemId: { gt: after } } : {}) },
    orderBy: { itemId: "asc" },
    take,
  });
}

export interface RunCounters {
  total: number;
  done: number;
  succeeded: number;
  skipped: number;
  failed: number;
  skippedByReason: Record<string, number>;
}

/** Recomputes the run's counters from its item rows (cheap: indexed by run and outcome) and stores them. */
export async function refreshRunCounters(prisma: PrismaClient, runId: string): Promise<RunCounters> {
  const groups = await prisma.bulkRunItem.groupBy({ by: ["outcome", "reason"], where: { runId }, _count: { _all: true } });
  const c: RunCounters = { total: 0, done: 0, succeeded: 0, skipped: 0, failed: 0, skippedByReason: {} };
  for (const g of groups) {
    const n = g._count._all;
    c.total += n;
    if (g.outcome !== "QUEUED" && g.outcome !== "PENDING") c.done += n;
    if (g.outcome === "WRITTEN" || g.outcome === "UPDATED" || g.outcome === "UNCHANGED") c.succeeded += n;
    if (g.outcome === "SKIPPED" || g.outcome === "CANCELLED") {
      c.skipped += n;
      const reason = g.outcome === "CANCELLED" ? "CANCELLED" : (g.reason ?? "UNKNOWN");
      c.skippedByReason[reason] = (c.skippedByReason[reason] ?? 0) + n;
    }
    if (g.outcome === "FAILED") c.failed += n;
  }
  const { skippedByReason, ...counts } = c;
  await prisma.bulkRun.update({ where: { id: runId }, data: { ...counts, skippedByReason: JSON.stringify(skippedByReason) } });
  return c;
}

// ---- the run's syncs in the stores' writers ---------------------------------------------------------------

/** The acting shop's log rows of the run after `afterId`, oldest first. */
export function runLogRows(prisma: PrismaClient, shopId: string, runId: string, afterId: number, take: number) {
  return prisma.syncLog.findMany({ where: { shopId, runId, id: { gt: afterId } }, orderBy: { id: "asc" }, take });
}

/** The stores that still have syncs of the run waiting for their writer. */
export async function shopsWithRunPending(prisma: PrismaClient, runId: string): Promise<string[]> {
  const rows = await prisma.pendingSync.groupBy({ by: ["shopId"], where: { runId } });
  return rows.map((r) => r.shopId).sort();
}

/**
 * Withdraws the run's syncs no writer has sent yet, in every store: the run's own rows are deleted; a row
 * another change re-queued since keeps its newer trigger but no longer carries the run.
 */
export async function withdrawRunSyncs(prisma: PrismaClient, runId: string): Promise<void> {
  await prisma.pendingSync.deleteMany({ where: { runId, trigger: "BULK" } });
  await prisma.pendingSync.updateMany({ where: { runId }, data: { runId: null } });
}

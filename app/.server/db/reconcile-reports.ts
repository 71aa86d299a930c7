// ReconcileReport rows: one per reconciliation (a bulk read of the shop's levels compared with the
// rules). Scoped by shop; the discrepancy detail is stored as JSON and parsed by the reconcile module.
import type { Prisma, ReconcileReport } from "@prisma/client";
import type { Db } from "./db-types";

export type ReconcileReportRow = ReconcileReport;

/** The latest report that ended (DONE or FAILED), newest first. */
export async function latestEndedReport(prisma: Db, shopId: string): Promise<ReconcileReport | null> {
  return prisma.reconcileReport.findFirst({ where: { shopId, status: { in: ["DONE", "FAILED"] } }, orderBy: { startedAt: "desc" } });
}

/** The newest RUNNING report (its bulk read is in progress). */
export async function latestRunningReport(prisma: Db, shopId: string): Promise<ReconcileReport | null> {
  return prisma.reconcileReport.findFirst({ where: { shopId, status: "RUNNING" }, orderBy: { startedAt: "desc" } });
}

/** When the newest RUNNING report started (null when none runs). */
export async function runningReportStartedAt(prisma: Db, shopId: string): Promise<Date | null> {
  const row = await prisma.reconcileReport.findFirst({ where: { shopId, status: "RUNNING" }, orderBy: { startedAt: "desc" }, select: { startedAt: true } });
  return row?.startedAt ?? null;
}

export async function countRunningReports(prisma: Db, shopId: string): Promise<number> {
  return prisma.reconcileReport.count({ where: { shopId, status: "RUNNING" } });
}

/** A RUNNING report started after `since` (older ones are given up). */
export async function findRunningReportSince(prisma: Db, shopId: string, since: Date): Promise<ReconcileReport | null> {
  return prisma.reconcileReport.findFirst({ where: { shopId, status: "RUNNING", startedAt: { gt: since } } });
}

export async function createRunningReport(
  prisma: Db,
  input: { shopId: string; trigger: string; bulkOperationId: string; startedAt: Date },
): Promise<ReconcileReport> {
  return prisma.reconcileReport.create({ data: input });
}

/** RUNNING reports waiting for their bulk operation (collect: the finish webhook or the poll). */
export async function runningReportsWithBulkOperation(prisma: Db, shopId: string): Promise<ReconcileReport[]> {
  return prisma.reconcileReport.findMany({ where: { shopId, status: "RUNNING", bulkOperationId: { not: null } } });
}

export type ReportResultFields = Partial<Pick<Prisma.ReconcileReportUpdateInput, "error" | "checked" | "matching" | "discrepancies" | "corrected" | "flagged" | "detail">>;

/** Ends a report with `status` (DONE, FAILED, CANCELLED) and its totals or error. */
export async function finishReport(prisma: Db, id: string, status: string, finishedAt: Date, fields: ReportResultFields = {}): Promise<void> {
  await prisma.reconcileReport.update({ where: { id }, data: { status, finishedAt, ...fields } });
}

export async function reportShopId(prisma: Db, id: string): Promise<string | null> {
  const row = await prisma.reconcileReport.findUnique({ where: { id }, select: { shopId: true } });
  return row?.shopId ?? null;
}

// ReconcileReport rows: one per reconciliation (a bulk read of the shop's levels compared with the
// rules). Scoped by shop. Every discrepancy is a ReconcileDiscrepancy row (no cap); the JSON `detail` only
// holds the first 500 of reports written before those rows existed.
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

/** Rows per createMany when a report's discrepancies are stored (bounded statements on both providers). */
export const DISCREPANCY_CHUNK = 500;

export interface DiscrepancyRowInput {
  itemId: string;
  sku: string;
  variantId: string;
  locationId: string;
  kind: string;
  expected: number;
  shopify: number | null;
  action: string;
  note: string;
}

/** Appends a report's discrepancies from position `firstSeq` on, in chunks (every one is kept, no cap). */
export async function appendDiscrepancies(prisma: Db, report: { id: string; shopId: string }, firstSeq: number, rows: DiscrepancyRowInput[]): Promise<void> {
  for (let i = 0; i < rows.length; i += DISCREPANCY_CHUNK) {
    const chunk = rows.slice(i, i + DISCREPANCY_CHUNK);
    await prisma.reconcileDiscrepancy.createMany({
      data: chunk.map((d, j) => ({
        reportId: report.id,
        shopId: report.shopId,
        seq: firstSeq + i + j,
        itemId: d.itemId,
        sku: d.sku,
        variantId: d.variantId,
        locationId: d.locationId,
        kind: d.kind,
        expected: d.expected,
        shopify: d.shopify,
        action: d.action,
        note: d.note,
      })),
    });
  }
}

export type ReconcileDiscrepancyRow = DiscrepancyRowInput & { seq: number };

/** A page of a report's discrepancies in the order found, scoped by shop (a foreign report id yields nothing). */
export async function discrepancyPage(prisma: Db, shopId: string, reportId: string, page: { afterSeq?: number; take: number }): Promise<ReconcileDiscrepancyRow[]> {
  return prisma.reconcileDiscrepancy.findMany({
    where: { shopId, reportId, ...(page.afterSeq === undefined ? {} : { seq: { gt: page.afterSeq } }) },
    orderBy: { seq: "asc" },
    take: page.take,
    select: { seq: true, itemId: true, sku: true, variantId: true, locationId: true, kind: true, expected: true, shopify: true, action: true, note: true },
  });
}

/** Removes a report's stored discrepancies (a collect retried after a stop starts the list again). */
export async function deleteDiscrepancies(prisma: Db, shopId: string, reportId: string): Promise<void> {
  await prisma.reconcileDiscrepancy.deleteMany({ where: { shopId, reportId } });
}

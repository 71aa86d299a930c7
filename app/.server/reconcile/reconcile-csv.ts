// The reconciliation report as CSV: every discrepancy of the shop's report, streamed in pages (no cap).
import type { PrismaClient } from "@prisma/client";
import { csvCell } from "../../shared/csv";
import { discrepancyPage, latestEndedReport } from "../db/reconcile-reports";
import { DISCREPANCY_LABELS } from "./reconcile-page";
import type { DiscrepancyKind } from "./reconcile-compare";

export const RECONCILE_CSV_HEADER = ["sku", "item_id", "variant_id", "location_id", "issue", "shopify_showed", "warehouse_publishes", "action", "note"];
const CSV_PAGE_SIZE = 1000;

/** The report to export: `reportId` when it is this shop's, else the shop's latest ended report. */
export async function reportIdForCsv(prisma: PrismaClient, shopId: string, reportId: string | null): Promise<string | null> {
  if (reportId) {
    const own = await prisma.reconcileReport.findFirst({ where: { id: reportId, shopId }, select: { id: true } });
    return own?.id ?? null;
  }
  return (await latestEndedReport(prisma, shopId))?.id ?? null;
}

/** Header, then every discrepancy in the order found, read 1000 at a time as the client pulls. */
export function reconcileCsvStream(prisma: PrismaClient, shopId: string, reportId: string): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let afterSeq: number | undefined;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(RECONCILE_CSV_HEADER.join(",") + "\n"));
        return;
      }
      const rows = await discrepancyPage(prisma, shopId, reportId, { afterSeq, take: CSV_PAGE_SIZE });
      if (rows.length === 0) {
        controller.close();
        return;
      }
      afterSeq = rows[rows.length - 1].seq;
      const text = rows
        .map((d) =>
          [d.sku, d.itemId, d.variantId, d.locationId, DISCREPANCY_LABELS[d.kind as DiscrepancyKind] ?? d.kind, d.shopify, d.expected, d.action, d.note]
            .map(csvCell)
            .join(","),
        )
        .join("\n");
      controller.enqueue(encoder.encode(text + "\n"));
    },
  });
}

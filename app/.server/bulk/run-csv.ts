// A bulk run's per-item results as CSV (the Bulk run page's download), for the session's shop only.
import type { PrismaClient } from "@prisma/client";
import { isShopRun, runItemsPage } from "../db/bulk-runs";
import { csvCell } from "../../shared/csv";

export { csvCell };

export const CSV_HEADER = ["item_id", "sku", "outcome", "reason", "detail", "quantity"];

/** The run's per-item results as CSV, streamed 1000 rows at a time; null when the run is not this shop's. */
export async function runCsvStream(prisma: PrismaClient, shopId: string, runId: string): Promise<ReadableStream<Uint8Array> | null> {
  if (!(await isShopRun(prisma, shopId, runId))) return null;
  const encoder = new TextEncoder();
  let after: string | null = null;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(CSV_HEADER.join(",") + "\n"));
        return;
      }
      const rows = await runItemsPage(prisma, runId, after, 1000);
      if (rows.length === 0) {
        controller.close();
        return;
      }
      after = rows[rows.length - 1].itemId;
      const text = rows
        .map((r) =>
          [r.itemId.startsWith("variant:") ? "" : r.itemId, r.sku, r.outcome, r.reason, r.detail, r.quantity].map(csvCell).join(","),
        )
        .join("\n");
      controller.enqueue(encoder.encode(text + "\n"));
    },
  });
}

// A run on a Shopify saved product search: Shopify's bulkOperationRunQuery reads the search's variants
// (QUEUED -> READING), the job looks at it again until it finished, then maps the JSONL's variants to the
// store's matched items by inventory item id, the key the writer uses too (READING -> RUNNING). Variants
// that match no Whiplash item are reported, never acted on. Starting, looking and reading go through
// shopify/bulk-query.ts, the one bulk query helper (reconciliation and SKU matching use it too).
import type { BulkRun } from "@prisma/client";
import { countRunItems, insertRunItems, refreshRunCounters, updateRun, type RunItemInput } from "../db/bulk-runs";
import { matchedByInventoryItem } from "../db/matched-items";
import type { ConnectedScope } from "../db/shop-scope";
import { PermanentJobError, RetriableJobError } from "../jobs/errors";
import { readBulkOperation, startBulkQuery, streamBulkResult } from "../shopify/bulk-query";
import { savedSearchVariantsBulkQuery } from "../shopify/operations/merchant-ui";
import { nowOf, type BulkJobDeps } from "./bulk-job-deps";
import { reasonText } from "./run-reasons";
import type { SourceRef } from "./run-types";

/** How long the JSONL download may take, body included. */
const DOWNLOAD_TIMEOUT_MS = 120_000;

export async function startSavedSearchRead(deps: BulkJobDeps, run: BulkRun, ref: Extract<SourceRef, { kind: "SAVED_SEARCH" }>): Promise<BulkRun> {
  if (run.bulkOperationId) return updateRun(deps.prisma, run.id, { status: "READING" });
  const start = await startBulkQuery(deps.adminClient(run.shopId), savedSearchVariantsBulkQuery(ref.savedSearchId));
  if (!start.started) {
    // Too many bulk queries running at once: try again shortly.
    if (start.busy) throw new RetriableJobError(start.message, 5_000);
    return updateRun(deps.prisma, run.id, { status: "FAILED", error: `Shopify refused to read the saved search: ${start.message}`, finishedAt: nowOf(deps) });
  }
  return updateRun(deps.prisma, run.id, { status: "READING", bulkOperationId: start.bulkOperationId });
}

export async function pollSavedSearchRead(deps: BulkJobDeps, scope: ConnectedScope, run: BulkRun): Promise<BulkRun> {
  const { prisma } = deps;
  // A READING run always has its operation id (startSavedSearchRead stores it with the status).
  const op = await readBulkOperation(deps.adminClient(run.shopId), run.bulkOperationId!);
  if (op.state === "missing") return updateRun(prisma, run.id, { status: "FAILED", error: "Shopify no longer knows the bulk query of this run.", finishedAt: nowOf(deps) });
  if (op.state === "running") return run;
  if (op.state === "ended") {
    return updateRun(prisma, run.id, {
      status: "FAILED",
      error: `Shopify's bulk query ended ${op.status.toLowerCase()}${op.errorCode ? ` (${op.errorCode})` : ""}. Start the run again.`,
      finishedAt: nowOf(deps),
    });
  }
  const variants: VariantLine[] = [];
  await streamBulkResult(deps.fetch ?? fetch, op, (lines) => collectVariants(lines, variants), AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS));
  const rows: RunItemInput[] = [];
  for (let i = 0; i < variants.length; i += 500) {
    const part = variants.slice(i, i + 500);
    const byInventory = await matchedByInventoryItem(prisma, scope, part.map((v) => v.inventoryItemId));
    for (const v of part) {
      const item = byInventory.get(v.inventoryItemId);
      if (item) rows.push({ itemId: item.itemId, sku: item.sku });
      else rows.push({ itemId: `variant:${v.variantId}`, sku: v.sku ?? "", outcome: "SKIPPED", reason: "NO_WHIPLASH_ITEM", detail: reasonText("NO_WHIPLASH_ITEM") });
    }
  }
  // A variant listed twice (it cannot be, but a JSONL may repeat) keeps its first row.
  const seen = new Set<string>();
  await insertRunItems(prisma, run.id, rows.filter((r) => (seen.has(r.itemId) ? false : (seen.add(r.itemId), true))));
  const total = await countRunItems(prisma, run.id);
  await refreshRunCounters(prisma, run.id);
  return updateRun(prisma, run.id, { status: "RUNNING", total });
}

interface VariantLine {
  variantId: string;
  sku: string | null;
  inventoryItemId: string;
}

/** Keeps the JSONL's variant lines: they carry `__parentId` (their product) and an inventory item. */
function collectVariants(lines: readonly string[], out: VariantLine[]): void {
  for (const line of lines) {
    if (!line.trim()) continue;
    let obj: { id?: string; sku?: string | null; inventoryItem?: { id?: string } | null; __parentId?: string };
    try {
      obj = JSON.parse(line);
    } catch {
      throw new PermanentJobError("the bulk query result is not valid JSONL");
    }
    if (obj.__parentId && obj.id?.includes("/ProductVariant/") && obj.inventoryItem?.id) {
      out.push({ variantId: obj.id, sku: obj.sku ?? null, inventoryItemId: obj.inventoryItem.id });
    }
  }
}

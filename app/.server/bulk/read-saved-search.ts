// A run on a Shopify saved product search: Shopify's bulkOperationRunQuery reads the search's variants
// (QUEUED -> READING), the job polls it, then maps the JSONL's variants to the store's matched items by
// inventory item id, the key the writer uses too (READING -> RUNNING). Variants that match no Whiplash item
// are reported, never acted on.
import type { BulkRun } from "@prisma/client";
import { countRunItems, insertRunItems, refreshRunCounters, updateRun, type RunItemInput } from "../db/bulk-runs";
import { matchedByInventoryItem } from "../db/matched-items";
import type { ConnectedScope } from "../db/shop-scope";
import { PermanentJobError, RetriableJobError } from "../jobs/errors";
import {
  BULK_OPERATION_RUN_QUERY_MUTATION,
  BULK_OPERATION_STATUS_QUERY,
  type BulkOperationRunQueryData,
  type BulkOperationStatusData,
} from "../shopify/operations/bulk-operations";
import { savedSearchVariantsBulkQuery } from "../shopify/operations/merchant-ui";
import { nowOf, type BulkJobDeps } from "./bulk-job-deps";
import { reasonText } from "./run-reasons";
import type { SourceRef } from "./run-types";

export async function startSavedSearchRead(deps: BulkJobDeps, run: BulkRun, ref: Extract<SourceRef, { kind: "SAVED_SEARCH" }>): Promise<BulkRun> {
  if (run.bulkOperationId) return updateRun(deps.prisma, run.id, { status: "READING" });
  const client = deps.adminClient(run.shopId);
  const { data } = await client.request<BulkOperationRunQueryData>(BULK_OPERATION_RUN_QUERY_MUTATION, {
    variables: { query: savedSearchVariantsBulkQuery(ref.savedSearchId) },
  });
  const result = data.bulkOperationRunQuery;
  const errors = result?.userErrors ?? [];
  if (!result?.bulkOperation) {
    const message = errors.map((e) => e.message).join("; ") || "Shopify did not start the bulk query.";
    // Too many bulk queries running at once: try again shortly.
    if (errors.some((e) => e.code === "LIMIT_REACHED" || /at most|already in progress/i.test(e.message))) throw new RetriableJobError(message, 5_000);
    return updateRun(deps.prisma, run.id, { status: "FAILED", error: `Shopify refused to read the saved search: ${message}`, finishedAt: nowOf(deps) });
  }
  return updateRun(deps.prisma, run.id, { status: "READING", bulkOperationId: result.bulkOperation.id });
}

export async function pollSavedSearchRead(deps: BulkJobDeps, scope: ConnectedScope, run: BulkRun): Promise<BulkRun> {
  const { prisma } = deps;
  const client = deps.adminClient(run.shopId);
  const { data } = await client.request<BulkOperationStatusData>(BULK_OPERATION_STATUS_QUERY, { variables: { id: run.bulkOperationId } });
  const op = data.bulkOperation;
  if (!op) return updateRun(prisma, run.id, { status: "FAILED", error: "Shopify no longer knows the bulk query of this run.", finishedAt: nowOf(deps) });
  if (op.status === "CREATED" || op.status === "RUNNING") return run;
  if (op.status !== "COMPLETED") {
    return updateRun(prisma, run.id, {
      status: "FAILED",
      error: `Shopify's bulk query ended ${op.status.toLowerCase()}${op.errorCode ? ` (${op.errorCode})` : ""}. Start the run again.`,
      finishedAt: nowOf(deps),
    });
  }
  const variants = op.url ? await readVariants(deps, op.url) : [];
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

/** Reads the bulk JSONL: variant lines carry `__parentId` (their product) and an inventory item. */
async function readVariants(deps: BulkJobDeps, url: string): Promise<VariantLine[]> {
  const res = await (deps.fetch ?? fetch)(url, { signal: AbortSignal.timeout(120_000) });
  if (!res.ok) throw new RetriableJobError(`bulk result download answered HTTP ${res.status}`);
  const out: VariantLine[] = [];
  const text = await res.text();
  for (const line of text.split("\n")) {
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
  return out;
}

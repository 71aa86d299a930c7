// Reading a shop's variants for SKU matching, by catalog size:
//   <= BULK_MATCHING_THRESHOLD variants (productVariantsCount): paged, 250 per query (match-skus.ts readVariants);
//   above it: one bulk operation (bulkOperationRunQuery with the same fields), polled by id until it
//   finishes, its JSONL streamed (shopify/bulk-query.ts, the helper every bulk read uses).
// Both produce the same VariantForMatching rows, which feed the same matching code (planMatches).
// The bulk path never fails the import: a refused bulk query (Shopify runs a limited number per shop,
// e.g. a reconciliation is in progress), a FAILED/CANCELED/EXPIRED operation, or one that does not finish
// within maxWaitMs falls back to the paged read, with a log line saying why.
// Polling happens inside the import job (unlike reconciliation, which waits in the queue): matching is
// one step of a job that goes on to queue first syncs, and a bulk read of a large catalog takes minutes.
import type { Logger } from "../logger";
import { startBulkQuery, streamBulkResult, waitForBulkOperation } from "../shopify/bulk-query";
import {
  VARIANTS_FOR_MATCHING_BULK_QUERY,
  VARIANTS_FOR_MATCHING_COUNT_QUERY,
  type VariantForMatching,
  type VariantsForMatchingCountData,
} from "../shopify/operations/variants-for-matching";
import { readVariants, type AdminGraphql } from "./match-skus";

/**
 * Above this many variants matching reads them with a bulk operation. 10,000 variants is 40 paged
 * queries of ~750 points each (about 30,000 points, 5 minutes of a Standard shop's 100 pts/s budget,
 * shared with the writer); a bulk query costs a few points and does not touch the bucket while it runs.
 * It is also Shopify's default cap for productVariantsCount.
 */
export const BULK_MATCHING_THRESHOLD = 10_000;
/** Poll interval while the bulk operation runs. */
export const BULK_MATCHING_POLL_MS = 2_000;
/** Give up waiting for the bulk operation after this and page instead. */
export const BULK_MATCHING_MAX_WAIT_MS = 30 * 60_000;

export type VariantReadStrategy = "paged" | "bulk" | "paged-fallback";

export interface ReadShopVariantsOptions {
  logger: Logger;
  /** For log lines. */
  shopId?: string;
  /** Downloads the JSONL result (a signed URL, not an Admin call). Default: global fetch. */
  fetch?: typeof fetch;
  /** Waits between polls; tests inject an immediate one. Default: an abortable setTimeout. */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  bulkThreshold?: number;
  pollMs?: number;
  maxWaitMs?: number;
  signal?: AbortSignal;
}

export interface VariantRead {
  variants: VariantForMatching[];
  strategy: VariantReadStrategy;
  /** The catalog size as counted (capped at the threshold: `atLeast` when above it). */
  counted: { count: number; atLeast: boolean };
  bulkOperationId?: string;
  fallbackReason?: string;
}

/** Counts the shop's variants up to `limit`; `atLeast` when there are more than `limit`. */
export async function countVariants(client: AdminGraphql, limit: number, signal?: AbortSignal) {
  const { data } = await client.request<VariantsForMatchingCountData>(VARIANTS_FOR_MATCHING_COUNT_QUERY, { variables: { limit }, signal });
  const counted = data.productVariantsCount;
  if (!counted) return { count: 0, atLeast: false };
  return { count: counted.count, atLeast: counted.precision === "AT_LEAST" || counted.count > limit };
}

/** Parses the bulk JSONL lines of VARIANTS_FOR_MATCHING_BULK_QUERY into the paged reader's rows. */
export function variantsFromJsonl(lines: string[], into: VariantForMatching[]): void {
  for (const line of lines) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as VariantForMatching & { __parentId?: string };
    // The query has no nested connection, so every line is a variant; skip anything else defensively.
    if (row.__parentId !== undefined || typeof row.id !== "string" || !row.product || !row.inventoryItem) continue;
    out(into, row);
  }
}

function out(into: VariantForMatching[], row: VariantForMatching) {
  into.push({
    id: row.id,
    title: row.title,
    sku: row.sku ?? null,
    product: { id: row.product.id, title: row.product.title },
    inventoryItem: { id: row.inventoryItem.id, tracked: row.inventoryItem.tracked },
  });
}

type BulkOutcome = { variants: VariantForMatching[]; bulkOperationId: string } | { fallback: string; bulkOperationId?: string };

/** Runs the bulk query and waits for it; any reason not to use it comes back as `fallback`. */
export async function readVariantsBulk(client: AdminGraphql, options: ReadShopVariantsOptions): Promise<BulkOutcome> {
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const maxWaitMs = options.maxWaitMs ?? BULK_MATCHING_MAX_WAIT_MS;
  const start = await startBulkQuery(client, VARIANTS_FOR_MATCHING_BULK_QUERY, options.signal);
  if (!start.started) {
    const { codes, message } = start;
    return { fallback: `bulkOperationRunQuery refused${codes.length ? ` (${codes.join(", ")})` : ""}: ${message}` };
  }
  const id = start.bulkOperationId;
  const op = await waitForBulkOperation(client, id, {
    pollMs: options.pollMs ?? BULK_MATCHING_POLL_MS,
    maxWaitMs,
    wait: options.wait,
    signal: options.signal,
  });
  switch (op.state) {
    case "completed": {
      const variants: VariantForMatching[] = [];
      await streamBulkResult(fetchFn, op, (lines) => variantsFromJsonl(lines, variants), options.signal);
      return { variants, bulkOperationId: id };
    }
    case "missing":
      return { fallback: "bulk operation not found", bulkOperationId: id };
    case "ended":
      return { fallback: `bulk operation ${op.status}${op.errorCode ? ` ${op.errorCode}` : ""}`, bulkOperationId: id };
    case "running":
      return { fallback: `bulk operation still ${op.status} after ${maxWaitMs} ms`, bulkOperationId: id };
  }
}

/** Every variant of the shop, read by the strategy its catalog size calls for. */
export async function readShopVariants(client: AdminGraphql, options: ReadShopVariantsOptions): Promise<VariantRead> {
  const threshold = options.bulkThreshold ?? BULK_MATCHING_THRESHOLD;
  const counted = await countVariants(client, threshold, options.signal);
  if (!counted.atLeast) {
    return { variants: await readVariants(client, options.signal), strategy: "paged", counted };
  }
  const bulk = await readVariantsBulk(client, options);
  if ("variants" in bulk) {
    options.logger.info("variants for SKU matching read by bulk operation", {
      shop: options.shopId,
      variants: bulk.variants.length,
      bulkOperationId: bulk.bulkOperationId,
    });
    return { variants: bulk.variants, strategy: "bulk", counted, bulkOperationId: bulk.bulkOperationId };
  }
  options.logger.warn("bulk variant read unavailable; falling back to paged read for SKU matching", {
    shop: options.shopId,
    reason: bulk.fallback,
    bulkOperationId: bulk.bulkOperationId,
  });
  return {
    variants: await readVariants(client, options.signal),
    strategy: "paged-fallback",
    counted,
    bulkOperationId: bulk.bulkOperationId,
    fallbackReason: bulk.fallback,
  };
}

// The Activity page (issue 14, item 4): the store-wide sync log, every decision sent, skipped or failed
// with its reason in words, filtered by item (SKU search), decision, reason and date, 50 rows a page;
// and the same rows as a CSV streamed 1000 at a time, with no cap.
import type { PrismaClient, SyncLog } from "@prisma/client";
import { SKIP_REASONS, SYNC_REASONS } from "../../domain";
import { skusOfItems } from "../db/home-queries";
import { syncLogPage, type SyncLogFilter } from "../db/sync-log-queries";
import type { ConnectedScope } from "../db/shop-scope";
import { csvCell } from "../../shared/csv";
import { describeLogReason } from "./item-detail";

export const ACTIVITY_PAGE_SIZE = 50;
const CSV_PAGE_SIZE = 1000;
const DECISIONS = ["SYNCED", "SKIPPED", "FAILED"] as const;
/** The reasons a merchant can filter by (the domain's sync and skip reasons). */
export const ACTIVITY_REASONS: readonly string[] = [...SYNC_REASONS, ...SKIP_REASONS];
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface ActivityFilterParams {
  sku: string;
  decision: string;
  reason: string;
  /** YYYY-MM-DD (UTC), inclusive. */
  from: string;
  /** YYYY-MM-DD (UTC), inclusive. */
  to: string;
}

/** The filters from a URL; values that are not valid are dropped (a stale link still opens the page). */
export function parseActivityFilter(params: URLSearchParams): { params: ActivityFilterParams; filter: SyncLogFilter; beforeId?: number } {
  const sku = (params.get("sku") ?? "").trim().slice(0, 100);
  const decision = (DECISIONS as readonly string[]).includes(params.get("decision") ?? "") ? (params.get("decision") as SyncLogFilter["decision"]) : undefined;
  const reason = ACTIVITY_REASONS.includes(params.get("reason") ?? "") ? (params.get("reason") as string) : undefined;
  const day = (key: string) => {
    const v = params.get(key) ?? "";
    return DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : "";
  };
  const from = day("from");
  const to = day("to");
  const before = Number(params.get("before"));
  return {
    params: { sku, decision: decision ?? "", reason: reason ?? "", from, to },
    filter: {
      ...(sku ? { sku } : {}),
      ...(decision ? { decision } : {}),
      ...(reason ? { reason } : {}),
      ...(from ? { from: new Date(`${from}T00:00:00Z`) } : {}),
      ...(to ? { to: new Date(Date.parse(`${to}T00:00:00Z`) + 24 * 3600_000) } : {}),
    },
    ...(Number.isInteger(before) && before > 0 ? { beforeId: before } : {}),
  };
}

export interface ActivityRow {
  id: number;
  at: string;
  itemId: string | null;
  sku: string | null;
  locationId: string | null;
  trigger: string;
  decision: "SYNCED" | "SKIPPED" | "FAILED" | "OTHER";
  reason: string;
  text: string;
  quantityBefore: number | null;
  quantityAfter: number | null;
  error: string | null;
  runId: string | null;
}

function normalizeDecision(d: string): ActivityRow["decision"] {
  const up = d.toUpperCase();
  if (up === "SYNCED" || up === "WRITTEN") return "SYNCED";
  if (up === "SKIPPED" || up === "FAILED") return up;
  return "OTHER";
}

async function toRows(prisma: PrismaClient, customerId: string, logs: SyncLog[]): Promise<ActivityRow[]> {
  const skus = await skusOfItems(prisma, customerId, [...new Set(logs.map((l) => l.itemId).filter((id): id is string => id !== null))]);
  return logs.map((r) => ({
    id: r.id,
    at: r.createdAt.toISOString(),
    itemId: r.itemId,
    sku: r.itemId ? (skus.get(r.itemId) ?? null) : null,
    locationId: r.locationId,
    trigger: r.trigger,
    decision: normalizeDecision(r.decision),
    reason: r.reason,
    text: describeLogReason(r.decision, r.reason, r.error),
    quantityBefore: r.quantityBefore,
    quantityAfter: r.quantityAfter,
    error: r.error,
    runId: r.runId,
  }));
}

export async function loadActivity(prisma: PrismaClient, scope: ConnectedScope, url: URL) {
  const { params, filter, beforeId } = parseActivityFilter(url.searchParams);
  const logs = await syncLogPage(prisma, { shopId: scope.shopId, customerId: scope.customer.id }, filter, { beforeId, take: ACTIVITY_PAGE_SIZE + 1 });
  const rows = await toRows(prisma, scope.customer.id, logs.slice(0, ACTIVITY_PAGE_SIZE));
  return {
    filter: params,
    rows,
    /** The id to page from for older rows; null on the last page. */
    olderThan: logs.length > ACTIVITY_PAGE_SIZE ? rows[rows.length - 1].id : null,
    paged: beforeId !== undefined,
    reasons: ACTIVITY_REASONS,
  };
}

export const ACTIVITY_CSV_HEADER = [
  "time",
  "sku",
  "item_id",
  "location_id",
  "trigger",
  "decision",
  "reason",
  "reason_text",
  "quantity_before",
  "quantity_after",
  "error",
  "bulk_run_id",
];

/** Every row the filters select, newest first, streamed in pages of 1000 (no cap). */
export function activityCsvStream(prisma: PrismaClient, scope: ConnectedScope, url: URL): ReadableStream<Uint8Array> {
  const { filter } = parseActivityFilter(url.searchParams);
  const encoder = new TextEncoder();
  let beforeId: number | undefined;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(ACTIVITY_CSV_HEADER.join(",") + "\n"));
        return;
      }
      const logs = await syncLogPage(prisma, { shopId: scope.shopId, customerId: scope.customer.id }, filter, { beforeId, take: CSV_PAGE_SIZE });
      if (logs.length === 0) {
        controller.close();
        return;
      }
      beforeId = logs[logs.length - 1].id;
      const rows = await toRows(prisma, scope.customer.id, logs);
      const text = rows
        .map((r) =>
          [r.at, r.sku, r.itemId, r.locationId, r.trigger, r.decision, r.reason, r.text, r.quantityBefore, r.quantityAfter, r.error, r.runId].map(csvCell).join(","),
        )
        .join("\n");
      controller.enqueue(encoder.encode(text + "\n"));
    },
  });
}

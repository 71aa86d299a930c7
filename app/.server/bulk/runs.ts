// Bulk runs (DESIGN.md 3.8): "Sync inventory" or "Set Sync Inventory" on a selection, on every item matching
// the Items page's filters, on one of the app's saved filters, or on a Shopify saved product search. A run is
// a BulkRun row advanced by a background job (jobs.ts); this module creates, reads, cancels and exports runs,
// always for the session's shop.
import type { BulkRun, PrismaClient } from "@prisma/client";
import { z } from "zod";
import {
  describeSkipReason,
  ITEM_SYNC_SETTINGS,
  SKIP_REASONS,
  SYNC_SETTING_LABELS,
  type ItemSyncSetting,
  type SkipReason,
} from "../../domain";
import type { JobQueue } from "../jobs/types";
import { fieldErrorsOf, type FieldErrors } from "../views/item-detail";
import { describeFilters, filterParams, parseItemListQuery } from "../views/item-list";
import { BULK_RUN_JOB, type BulkRunJobData } from "../jobs/ui-job-names";
import { getSavedFilter } from "../views/saved-filters";
import type { ConnectedScope } from "../db/shop-scope";

export const BULK_ACTIONS = ["SYNC", "SET_SETTING"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];
export const SOURCE_KINDS = ["SELECTION", "FILTER", "APP_FILTER", "SAVED_SEARCH"] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export const ACTIVE_STATUSES = ["QUEUED", "READING", "RUNNING", "WAITING"] as const;
export const FINAL_STATUSES = ["DONE", "CANCELLED", "FAILED"] as const;
export type RunStatus = (typeof ACTIVE_STATUSES)[number] | (typeof FINAL_STATUSES)[number];

/** Most item ids a selection may carry in one request (larger sets use "all matching"). */
export const MAX_SELECTION = 5_000;

export type SourceRef =
  | { kind: "SELECTION"; itemIds: string[] }
  | { kind: "FILTER"; query: string }
  | { kind: "APP_FILTER"; filterId: string; query: string }
  | { kind: "SAVED_SEARCH"; savedSearchId: string; name: string; query: string };

const BulkForm = z
  .object({
    action: z.enum(BULK_ACTIONS, { error: "Choose an action." }),
    setting: z.union([z.literal(""), z.enum(ITEM_SYNC_SETTINGS)]).optional(),
    source: z.enum(SOURCE_KINDS, { error: "Choose what to run it on." }),
    itemIds: z.string().optional(),
    query: z.string().max(2000).optional(),
    filterId: z.string().optional(),
    savedSearchId: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.action === "SET_SETTING" && !v.setting) ctx.addIssue({ code: "custom", path: ["setting"], message: "Choose the Sync Inventory setting to set." });
    if (v.source === "SELECTION" && !v.itemIds) ctx.addIssue({ code: "custom", path: ["itemIds"], message: "Select at least one item." });
    if (v.source === "APP_FILTER" && !v.filterId) ctx.addIssue({ code: "custom", path: ["filterId"], message: "Choose a saved filter." });
    if (v.source === "SAVED_SEARCH" && !v.savedSearchId) ctx.addIssue({ code: "custom", path: ["savedSearchId"], message: "Choose a saved search." });
  });

export type CreateRunResult = { ok: true; runId: string; message: string } | { ok: false; status: number; message: string; fieldErrors?: FieldErrors };

export interface SavedSearchOption {
  id: string;
  name: string;
  query: string;
}

function actionLabel(action: BulkAction, setting: ItemSyncSetting | null): string {
  return action === "SYNC" ? "Sync inventory" : `Set Sync Inventory to ${SYNC_SETTING_LABELS[setting!]}`;
}

/**
 * Validates the request and records the run; the job does the work. `savedSearches` is the shop's list as
 * read from Shopify for this request (a saved search id not in it is refused).
 */
export async function createBulkRun(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  scope: ConnectedScope,
  form: Record<string, unknown>,
  savedSearches: () => Promise<SavedSearchOption[]>,
): Promise<CreateRunResult> {
  const parsed = BulkForm.safeParse(form);
  if (!parsed.success) return { ok: false, status: 400, message: "The bulk action was not started.", fieldErrors: fieldErrorsOf(parsed.error) };
  const v = parsed.data;
  const setting = v.action === "SET_SETTING" ? (v.setting as ItemSyncSetting) : null;
  let ref: SourceRef;
  let label: string;
  switch (v.source) {
    case "SELECTION": {
      let ids: unknown;
      try {
        ids = JSON.parse(v.itemIds!);
      } catch {
        ids = null;
      }
      const list = z.array(z.string().min(1).max(64)).min(1).max(MAX_SELECTION).safeParse(ids);
      if (!list.success) {
        return { ok: false, status: 400, message: "The bulk action was not started.", fieldErrors: { itemIds: `Select between 1 and ${MAX_SELECTION} items, or use "all matching".` } };
      }
      ref = { kind: "SELECTION", itemIds: [...new Set(list.data)] };
      label = `${ref.itemIds.length} selected item${ref.itemIds.length === 1 ? "" : "s"}`;
      break;
    }
    case "FILTER": {
      const query = parseItemListQuery(new URLSearchParams(v.query ?? ""));
      ref = { kind: "FILTER", query: filterParams(query).toString() };
      label = `All items matching: ${describeFilters(query)}`;
      break;
    }
    case "APP_FILTER": {
      const filter = await getSavedFilter(prisma, scope.shopId, v.filterId!);
      if (!filter) return { ok: false, status: 404, message: "That saved filter does not exist in this store.", fieldErrors: { filterId: "Choose one of your saved filters." } };
      ref = { kind: "APP_FILTER", filterId: filter.id, query: filter.query };
      label = `Saved filter: ${filter.name}`;
      break;
    }
    case "SAVED_SEARCH": {
      const search = (await savedSearches()).find((s) => s.id === v.savedSearchId);
      if (!search) return { ok: false, status: 404, message: "That saved search does not exist in this store.", fieldErrors: { savedSearchId: "Choose one of the store's saved searches." } };
      ref = { kind: "SAVED_SEARCH", savedSearchId: search.id, name: search.name, query: search.query };
      label = `Shopify saved search: ${search.name}`;
      break;
    }
  }
  const run = await prisma.bulkRun.create({
    data: {
      shopId: scope.shopId,
      action: v.action,
      setting,
      sourceKind: ref.kind,
      sourceLabel: label,
      sourceRef: JSON.stringify(ref),
    },
  });
  await queue.send<BulkRunJobData>(BULK_RUN_JOB, { runId: run.id }, { singletonKey: run.id, shopId: scope.shopId });
  return { ok: true, runId: run.id, message: `${actionLabel(v.action, setting)} started on ${label.charAt(0).toLowerCase()}${label.slice(1)}` };
}

export interface SkipCount {
  reason: string;
  count: number;
  text: string;
}

export interface BulkRunView {
  id: string;
  action: BulkAction;
  actionLabel: string;
  setting: ItemSyncSetting | null;
  sourceKind: SourceKind;
  sourceLabel: string;
  status: RunStatus;
  statusLabel: string;
  active: boolean;
  total: number;
  done: number;
  succeeded: number;
  skipped: number;
  failed: number;
  percent: number;
  skippedByReason: SkipCount[];
  cancelRequested: boolean;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

const STATUS_LABELS: Record<RunStatus, string> = {
  QUEUED: "Waiting to start",
  READING: "Reading the saved search from Shopify",
  RUNNING: "Applying",
  WAITING: "Sending to Shopify",
  DONE: "Done",
  CANCELLED: "Cancelled",
  FAILED: "Failed",
};

export function reasonText(reason: string): string {
  if ((SKIP_REASONS as readonly string[]).includes(reason)) return describeSkipReason(reason as SkipReason);
  if (reason === "REPLACED") return "Not sent by this run: a newer sync of the same item replaced it before it was sent.";
  if (reason === "UNCHANGED_SETTING") return "Already had this setting.";
  if (reason === "NO_WHIPLASH_ITEM") return "Not synced: this Shopify variant matches no Whiplash item (no item has its SKU, or the SKU is duplicated).";
  return reason;
}

export function toRunView(run: BulkRun): BulkRunView {
  let byReason: Record<string, number> = {};
  try {
    byReason = JSON.parse(run.skippedByReason) as Record<string, number>;
  } catch {
    byReason = {};
  }
  const status = run.status as RunStatus;
  const percent = status === "DONE" ? 100 : run.total > 0 ? Math.min(100, Math.floor((run.done / run.total) * 100)) : 0;
  return {
    id: run.id,
    action: run.action as BulkAction,
    actionLabel: actionLabel(run.action as BulkAction, run.setting as ItemSyncSetting | null),
    setting: run.setting as ItemSyncSetting | null,
    sourceKind: run.sourceKind as SourceKind,
    sourceLabel: run.sourceLabel,
    status,
    statusLabel: run.cancelRequested && (ACTIVE_STATUSES as readonly string[]).includes(status) ? "Cancelling" : STATUS_LABELS[status],
    active: (ACTIVE_STATUSES as readonly string[]).includes(status),
    total: run.total,
    done: run.done,
    succeeded: run.succeeded,
    skipped: run.skipped,
    failed: run.failed,
    percent,
    skippedByReason: Object.entries(byReason)
      .sort((a, b) => b[1] - a[1])
      .map(([reason, count]) => ({ reason, count, text: reasonText(reason) })),
    cancelRequested: run.cancelRequested,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

export async function getBulkRun(prisma: PrismaClient, shopId: string, runId: string): Promise<BulkRunView | null> {
  const run = await prisma.bulkRun.findFirst({ where: { id: runId, shopId } });
  return run ? toRunView(run) : null;
}

export async function listBulkRuns(prisma: PrismaClient, shopId: string, take = 20): Promise<BulkRunView[]> {
  const runs = await prisma.bulkRun.findMany({ where: { shopId }, orderBy: { createdAt: "desc" }, take });
  return runs.map(toRunView);
}

export interface RunItemView {
  itemId: string | null;
  sku: string;
  outcome: string;
  reason: string | null;
  detail: string | null;
  quantity: number | null;
}

/** The latest results of a run (the page shows a few; the CSV has all). */
export async function recentRunItems(prisma: PrismaClient, shopId: string, runId: string, take = 20): Promise<RunItemView[] | null> {
  const run = await prisma.bulkRun.findFirst({ where: { id: runId, shopId }, select: { id: true } });
  if (!run) return null;
  const rows = await prisma.bulkRunItem.findMany({
    where: { runId, outcome: { notIn: ["QUEUED"] } },
    orderBy: { updatedAt: "desc" },
    take,
  });
  return rows.map((r) => ({
    itemId: r.itemId.startsWith("variant:") ? null : r.itemId,
    sku: r.sku,
    outcome: r.outcome,
    reason: r.reason,
    detail: r.detail,
    quantity: r.quantity,
  }));
}

/** Asks the run to stop; the job stops at its next step and withdraws syncs not yet sent. */
export async function cancelBulkRun(prisma: PrismaClient, shopId: string, runId: string): Promise<"cancelling" | "finished" | "not-found"> {
  const run = await prisma.bulkRun.findFirst({ where: { id: runId, shopId }, select: { status: true } });
  if (!run) return "not-found";
  if (!(ACTIVE_STATUSES as readonly string[]).includes(run.status)) return "finished";
  await prisma.bulkRun.updateMany({ where: { id: runId, shopId }, data: { cancelRequested: true } });
  return "cancelling";
}

function csvCell(v: string | number | null): string {
  if (v === null) return "";
  const s = String(v);
  // Quote when needed; a leading =, +, - or @ is prefixed so spreadsheets do not run it as a formula.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const CSV_HEADER = ["item_id", "sku", "outcome", "reason", "detail", "quantity"];

/** The run's per-item results as CSV, streamed 1000 rows at a time; null when the run is not this shop's. */
export async function runCsvStream(prisma: PrismaClient, shopId: string, runId: string): Promise<ReadableStream<Uint8Array> | null> {
  const run = await prisma.bulkRun.findFirst({ where: { id: runId, shopId }, select: { id: true } });
  if (!run) return null;
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
      const rows = await prisma.bulkRunItem.findMany({
        where: { runId, ...(after !== null ? { itemId: { gt: after } } : {}) },
        orderBy: { itemId: "asc" },
        take: 1000,
      });
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

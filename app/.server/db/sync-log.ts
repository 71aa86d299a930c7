// The sync log: one row per sync decision (sent, skipped or failed) with its reason (DESIGN.md section 2,
// "every sync attempt, sent or skipped, leaves a log entry"). Scoped by shop.
import type { PrismaClient } from "@prisma/client";
import type { PlannedSkip, PlannedWrite, SkipReason, SyncReason, SyncTrigger } from "../../domain/types";
import { chunk, type Db } from "./db-types";

/** CALL_FAILED: an Admin call attempt of the writer failed (no item; a retry may have landed the write). */
/** IN_FLIGHT_EXPIRED: a Shopify order Whiplash never imported stopped holding units back (rule 3.9). */
export type SyncLogDecision = "SYNCED" | "SKIPPED" | "FAILED" | "CALL_FAILED" | "IN_FLIGHT_EXPIRED";

export interface SyncLogInput {
  shopId: string;
  itemId: string | null;
  locationId: string | null;
  trigger: SyncTrigger;
  decision: SyncLogDecision;
  /** A SyncReason (SYNCED), a SkipReason (SKIPPED), or an error code such as a Shopify userError (FAILED). */
  reason: SyncReason | SkipReason | (string & {});
  quantityBefore?: number | null;
  quantityAfter?: number | null;
  error?: string | null;
  runId?: string | null;
  /** Defaults to the time of the insert. */
  createdAt?: Date;
}

export interface SyncLogRecord {
  id: number;
  shopId: string;
  itemId: string | null;
  locationId: string | null;
  trigger: string;
  decision: string;
  reason: string;
  quantityBefore: number | null;
  quantityAfter: number | null;
  error: string | null;
  runId: string | null;
  createdAt: Date;
}

/** Appends log rows in batches (one INSERT per 500 rows). Returns how many were written. */
export async function appendSyncLogs(prisma: Db, rows: readonly SyncLogInput[]): Promise<number> {
  let count = 0;
  for (const part of chunk(rows, 500)) {
    const result = await prisma.syncLog.createMany({
      data: part.map((r) => ({
        shopId: r.shopId,
        itemId: r.itemId,
        locationId: r.locationId,
        trigger: r.trigger,
        decision: r.decision,
        reason: r.reason,
        quantityBefore: r.quantityBefore ?? null,
        quantityAfter: r.quantityAfter ?? null,
        error: r.error ?? null,
        runId: r.runId ?? null,
        ...(r.createdAt ? { createdAt: r.createdAt } : {}),
      })),
    });
    count += result.count;
  }
  return count;
}

/** Log rows for a plan's skips (writes are logged by the writer once Shopify has answered). */
export function skipLogRows(
  shopId: string,
  trigger: SyncTrigger,
  skips: readonly PlannedSkip[],
  context: { runId?: string | null; knownBefore?: (skip: PlannedSkip) => number | null } = {},
): SyncLogInput[] {
  return skips.map((s) => ({
    shopId,
    itemId: s.itemId,
    locationId: s.locationId,
    trigger,
    decision: "SKIPPED",
    reason: s.reason,
    quantityBefore: context.knownBefore?.(s) ?? null,
    quantityAfter: s.quantity,
    runId: context.runId ?? null,
  }));
}

/** The log row of a write Shopify accepted. */
export function writtenLogRow(shopId: string, trigger: SyncTrigger, write: PlannedWrite, runId: string | null = null): SyncLogInput {
  return {
    shopId,
    itemId: write.itemId,
    locationId: write.locationId,
    trigger,
    decision: "SYNCED",
    reason: write.reason,
    quantityBefore: write.before,
    quantityAfter: write.quantity,
    runId,
  };
}

/** The item's log in this shop, newest first (keyset paging: pass the last id as `beforeId`). */
export async function listSyncLogForItem(
  prisma: Db,
  shopId: string,
  itemId: string,
  options: { take?: number; beforeId?: number } = {},
): Promise<SyncLogRecord[]> {
  return prisma.syncLog.findMany({
    where: { shopId, itemId, ...(options.beforeId !== undefined ? { id: { lt: options.beforeId } } : {}) },
    orderBy: { id: "desc" },
    take: Math.min(Math.max(options.take ?? 50, 1), 500),
  });
}

/** A run's log (bulk job results), in order. */
export async function listSyncLogForRun(prisma: Db, shopId: string, runId: string, options: { take?: number; afterId?: number } = {}): Promise<SyncLogRecord[]> {
  return prisma.syncLog.findMany({
    where: { shopId, runId, ...(options.afterId !== undefined ? { id: { gt: options.afterId } } : {}) },
    orderBy: { id: "asc" },
    take: Math.min(Math.max(options.take ?? 500, 1), 5000),
  });
}

export interface SyncLogCount {
  decision: string;
  reason: string;
  count: number;
}

/** How many decisions per (decision, reason) in the shop, optionally since a time or for one run. */
export async function countSyncLogByReason(
  prisma: Db,
  shopId: string,
  options: { since?: Date; runId?: string } = {},
): Promise<SyncLogCount[]> {
  const groups = await prisma.syncLog.groupBy({
    by: ["decision", "reason"],
    where: {
      shopId,
      ...(options.since ? { createdAt: { gte: options.since } } : {}),
      ...(options.runId ? { runId: options.runId } : {}),
    },
    _count: { _all: true },
    orderBy: [{ decision: "asc" }, { reason: "asc" }],
  });
  return groups.map((g) => ({ decision: g.decision, reason: g.reason, count: g._count._all }));
}

/** Retention: deletes the shop's rows older than `before`. */
export async function pruneSyncLog(prisma: PrismaClient, shopId: string, before: Date): Promise<number> {
  return (await prisma.syncLog.deleteMany({ where: { shopId, createdAt: { lt: before } } })).count;
}

export interface DriftLogInput {
  shopId: string;
  itemId: string;
  locationId: string;
  /** FLAGGED, CORRECTION_QUEUED, or the skip reason that kept us from correcting. */
  reason: string;
  quantityBefore: number | null;
  quantityAfter: number;
}

/** Records that Shopify was changed outside the app (trigger and decision DRIFT: not a sync). */
export async function appendDriftLog(prisma: Db, row: DriftLogInput): Promise<void> {
  await prisma.syncLog.create({ data: { ...row, trigger: "DRIFT", decision: "DRIFT" } });
}

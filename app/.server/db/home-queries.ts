// What the Home page reads about one shop's sync health: matched items per decision input, match issues,
// pending and failed syncs, the last successful sync, recent sync log rows and syncs per minute.
// Counting and shaping for display stay in views/home.ts; this file only asks the database.
import { Prisma, type PrismaClient, type SyncLog } from "@prisma/client";
import { dialectOf } from "./dialect";
import type { ItemSyncSetting } from "../../domain/types";

/** SyncLog.decision spellings of a successful write (older rows used lower case and "written"). */
export const SYNCED_DECISIONS = ["SYNCED", "written", "WRITTEN"];
/** SyncLog.decision spellings of a failed write. */
export const FAILED_DECISIONS = ["FAILED", "failed"];

/** The three columns a matched item's decision depends on, and how many of the shop's links share them. */
export interface DecisionComboCount {
  syncSetting: ItemSyncSetting;
  processOrders: boolean;
  tracked: boolean;
  count: number;
}

export async function countLinksByDecisionCombo(prisma: PrismaClient, shopId: string, customerId: string): Promise<DecisionComboCount[]> {
  const groups = await prisma.$queryRaw<{ syncSetting: ItemSyncSetting; processOrders: number | boolean; tracked: number | boolean; n: bigint | number }[]>`
    SELECT i."syncSetting" AS "syncSetting", i."processOrders" AS "processOrders", l."tracked" AS "tracked", COUNT(*) AS n
    FROM "ItemLink" l JOIN "Item" i ON i."id" = l."itemId"
    WHERE l."shopId" = ${shopId} AND i."customerId" = ${customerId}
    GROUP BY i."syncSetting", i."processOrders", l."tracked"`;
  // SQLite returns booleans as 0/1.
  return groups.map((g) => ({
    syncSetting: g.syncSetting,
    processOrders: g.processOrders === true || g.processOrders === 1,
    tracked: g.tracked === true || g.tracked === 1,
    count: Number(g.n),
  }));
}

export interface SyncHealthRows {
  /** Open match issues by kind. */
  issuesByKind: Map<string, number>;
  pending: number;
  oldestPendingAt: Date | null;
  failedSince: number;
  linksWithError: number;
  lastSyncedLogAt: Date | null;
  /** The newest ShopifyLevel.writtenAt, read only when no SYNCED log row is left (null otherwise). */
  lastLinkSyncedAt: Date | null;
  /** The newest sync log rows, newest first. */
  recentLogs: SyncLog[];
  /** Successful writes since `since` by minute ("YYYY-MM-DDTHH:MM", UTC). */
  syncedPerMinute: Map<string, number>;
  activeBulkRuns: number;
}

export async function loadSyncHealthRows(prisma: PrismaClient, shopId: string, since: Date, recentLogCount: number): Promise<SyncHealthRows> {
  const [issues, pending, oldest, failed, withError, lastSynced, recentLogs, perMinuteRows, activeBulkRuns] = await Promise.all([
    prisma.matchIssue.groupBy({ by: ["kind"], where: { shopId }, _count: { _all: true } }),
    prisma.pendingSync.count({ where: { shopId } }),
    prisma.pendingSync.findFirst({ where: { shopId }, orderBy: { enqueuedAt: "asc" }, select: { enqueuedAt: true } }),
    prisma.syncLog.count({ where: { shopId, decision: { in: FAILED_DECISIONS }, createdAt: { gte: since } } }),
    // Error rows belong to links (deleted with them), so this counts linked items whose last write failed.
    prisma.itemSyncError.count({ where: { shopId } }),
    prisma.syncLog.findFirst({ where: { shopId, decision: { in: SYNCED_DECISIONS } }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
    prisma.syncLog.findMany({ where: { shopId }, orderBy: { id: "desc" }, take: recentLogCount }),
    prisma.$queryRaw<{ minute: string; n: bigint | number }[]>`
      SELECT ${dialectOf(prisma).minuteOf(Prisma.sql`"createdAt"`)} AS minute, COUNT(*) AS n FROM "SyncLog"
      WHERE "shopId" = ${shopId} AND "createdAt" >= ${since} AND "decision" IN (${Prisma.join(SYNCED_DECISIONS)})
      GROUP BY minute`,
    prisma.bulkRun.count({ where: { shopId, status: { in: ["QUEUED", "READING", "RUNNING", "WAITING"] } } }),
  ]);
  const lastLinkSync = lastSynced ? null : await lastWrittenLevelAt(prisma, shopId);
  return {
    issuesByKind: new Map(issues.map((i) => [i.kind, i._count._all])),
    pending,
    oldestPendingAt: oldest?.enqueuedAt ?? null,
    failedSince: failed,
    linksWithError: withError,
    lastSyncedLogAt: lastSynced?.createdAt ?? null,
    lastLinkSyncedAt: lastLinkSync,
    recentLogs,
    syncedPerMinute: new Map(perMinuteRows.map((r) => [r.minute, Number(r.n)])),
    activeBulkRuns,
  };
}

/**
 * The shop's newest write to Shopify as kept on the levels (ShopifyLevel.writtenAt), which outlive the
 * sync log's retention: Home's "last synced" falls back to it when the shop has no SYNCED log row left.
 * Only then: a SYNCED row (found through the (shopId, createdAt) index) is at least as new, since the
 * writer logs every write with the level it sets. MAX(writtenAt) has no index (one more index entry on
 * every write is the cost issue 11 removed from ItemLink) and reads the shop's levels: 200,000 rows
 * take tens of ms, paid only by a shop without a write in the log's retention.
 */
async function lastWrittenLevelAt(prisma: PrismaClient, shopId: string): Promise<Date | null> {
  return (await prisma.shopifyLevel.aggregate({ where: { shopId }, _max: { writtenAt: true } }))._max.writtenAt;
}

/** SKUs of the customer's items among `itemIds` (ids of other customers' items are left out). */
export async function skusOfItems(prisma: PrismaClient, customerId: string, itemIds: readonly string[]): Promise<Map<string, string>> {
  const skus = new Map<string, string>();
  if (itemIds.length === 0) return skus;
  for (const it of await prisma.item.findMany({ where: { id: { in: [...itemIds] }, customerId }, select: { id: true, sku: true } })) {
    skus.set(it.id, it.sku);
  }
  return skus;
}

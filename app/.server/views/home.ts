// Sync health for the Home page: the store's switch, last successful sync, pending and failed syncs, items by
// decision (counted per combination of the three columns the decision depends on, each decided by the
// domain core), recent activity and syncs per minute over 24 h.
import { Prisma, type PrismaClient } from "@prisma/client";
import { describeDecision, type ItemSyncSetting } from "../../domain";
import { decisionForCombo, LIST_REASONS, type ListReason } from "./decision-sql";
import { describeLogReason } from "./item-detail";
import type { ConnectedScope } from "../db/shop-scope";

export const SYNCED_DECISIONS = ["SYNCED", "written", "WRITTEN"];
export const FAILED_DECISIONS = ["FAILED", "failed"];

export interface ReasonCount {
  reason: ListReason | "UNMATCHED";
  kind: "sync" | "skip";
  count: number;
  /** The domain's sentence for this reason. */
  text: string;
}

export interface ActivityEntry {
  id: number;
  at: string;
  itemId: string | null;
  sku: string | null;
  trigger: string;
  decision: string;
  text: string;
  quantityAfter: number | null;
}

export interface HomeStats {
  syncEnabled: boolean;
  matchedItems: number;
  byReason: ReasonCount[];
  unmatchedSkus: number;
  duplicateSkus: number;
  pending: number;
  oldestPendingAt: string | null;
  failedLast24h: number;
  itemsWithError: number;
  lastSuccessfulSyncAt: string | null;
  lastWebhookAt: string | null;
  activity: ActivityEntry[];
  /** Syncs written per minute, last 24 h, oldest first (1440 points). */
  perMinute: { minute: string; count: number }[];
  activeBulkRuns: number;
}

const minuteKey = (d: Date) => d.toISOString().slice(0, 16);

export async function decisionCounts(prisma: PrismaClient, scope: ConnectedScope): Promise<{ total: number; byReason: ReasonCount[] }> {
  const groups = await prisma.$queryRaw<{ syncSetting: ItemSyncSetting; processOrders: number | boolean; tracked: number | boolean; n: bigint | number }[]>`
    SELECT i."syncSetting" AS "syncSetting", i."processOrders" AS "processOrders", l."tracked" AS "tracked", COUNT(*) AS n
    FROM "ItemLink" l JOIN "Item" i ON i."id" = l."itemId"
    WHERE l."shopId" = ${scope.shopId} AND i."customerId" = ${scope.customer.id}
    GROUP BY i."syncSetting", i."processOrders", l."tracked"`;
  const counts = new Map<ListReason, ReasonCount>();
  let total = 0;
  for (const g of groups) {
    const combo = { syncSetting: g.syncSetting, processOrders: g.processOrders === true || g.processOrders === 1, tracked: g.tracked === true || g.tracked === 1 };
    const d = decisionForCombo(scope.prefs, scope.customerPrefs, combo);
    const reason = d.reason as ListReason;
    const n = Number(g.n);
    total += n;
    const entry = counts.get(reason) ?? { reason, kind: d.kind, count: 0, text: describeDecision({ ...d, settingFrom: undefined }) };
    entry.count += n;
    counts.set(reason, entry);
  }
  const byReason = LIST_REASONS.map((r) => counts.get(r)).filter((c): c is ReasonCount => c !== undefined);
  return { total, byReason };
}

export async function loadHomeStats(prisma: PrismaClient, scope: ConnectedScope, now: Date = new Date()): Promise<HomeStats> {
  const shopId = scope.shopId;
  const since = new Date(now.getTime() - 24 * 3600_000);
  const [decisions, issues, pending, oldest, failed, withError, lastSynced, lastLinkSync, logRows, perMinuteRows, activeRuns] = await Promise.all([
    decisionCounts(prisma, scope),
    prisma.matchIssue.groupBy({ by: ["kind"], where: { shopId }, _count: { _all: true } }),
    prisma.pendingSync.count({ where: { shopId } }),
    prisma.pendingSync.findFirst({ where: { shopId }, orderBy: { enqueuedAt: "asc" }, select: { enqueuedAt: true } }),
    prisma.syncLog.count({ where: { shopId, decision: { in: FAILED_DECISIONS }, createdAt: { gte: since } } }),
    prisma.itemLink.count({ where: { shopId, lastError: { not: null } } }),
    prisma.syncLog.findFirst({ where: { shopId, decision: { in: SYNCED_DECISIONS } }, orderBy: { createdAt: "desc" }, select: { createdAt: true } }),
    prisma.itemLink.aggregate({ where: { shopId }, _max: { lastSyncedAt: true } }),
    prisma.syncLog.findMany({ where: { shopId }, orderBy: { id: "desc" }, take: 12 }),
    prisma.$queryRaw<{ minute: string; n: bigint | number }[]>`
      SELECT substr("createdAt", 1, 16) AS minute, COUNT(*) AS n FROM "SyncLog"
      WHERE "shopId" = ${shopId} AND "createdAt" >= ${since} AND "decision" IN (${Prisma.join(SYNCED_DECISIONS)})
      GROUP BY minute`,
    prisma.bulkRun.count({ where: { shopId, status: { in: ["QUEUED", "READING", "RUNNING", "WAITING"] } } }),
  ]);
  const skus = new Map<string, string>();
  const itemIds = [...new Set(logRows.map((r) => r.itemId).filter((id): id is string => id !== null))];
  if (itemIds.length) {
    for (const it of await prisma.item.findMany({ where: { id: { in: itemIds }, customerId: scope.customer.id }, select: { id: true, sku: true } })) {
      skus.set(it.id, it.sku);
    }
  }
  const counts = new Map(perMinuteRows.map((r) => [r.minute, Number(r.n)]));
  const perMinute: HomeStats["perMinute"] = [];
  const start = Math.floor(since.getTime() / 60_000) * 60_000 + 60_000;
  for (let t = start; t <= now.getTime(); t += 60_000) {
    const minute = minuteKey(new Date(t));
    perMinute.push({ minute, count: counts.get(minute) ?? 0 });
  }
  const issueCount = (kind: string) => issues.find((i) => i.kind === kind)?._count._all ?? 0;
  const last = [lastSynced?.createdAt, lastLinkSync._max.lastSyncedAt].filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0];
  return {
    syncEnabled: scope.prefs.syncEnabled,
    matchedItems: decisions.total,
    byReason: decisions.byReason,
    unmatchedSkus: issueCount("UNMATCHED_SKU"),
    duplicateSkus: issueCount("DUPLICATE_SKU_IN_SHOPIFY") + issueCount("DUPLICATE_SKU_IN_WHIPLASH"),
    pending,
    oldestPendingAt: oldest?.enqueuedAt.toISOString() ?? null,
    failedLast24h: failed,
    itemsWithError: withError,
    lastSuccessfulSyncAt: last?.toISOString() ?? null,
    lastWebhookAt: scope.customer.lastWebhookAt?.toISOString() ?? null,
    activity: logRows.map((r) => ({
      id: r.id,
      at: r.createdAt.toISOString(),
      itemId: r.itemId,
      sku: r.itemId ? (skus.get(r.itemId) ?? null) : null,
      trigger: r.trigger,
      decision: r.decision.toUpperCase() === "WRITTEN" ? "SYNCED" : r.decision.toUpperCase(),
      text: describeLogReason(r.decision, r.reason, r.error),
      quantityAfter: r.quantityAfter,
    })),
    perMinute,
    activeBulkRuns: activeRuns,
  };
}

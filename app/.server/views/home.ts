// Sync health for the Home page: the store's switch, last successful sync, pending and failed syncs, items by
// decision (counted per combination of the three columns the decision depends on, each decided by the
// domain core), recent activity and syncs per minute over 24 h.
import type { PrismaClient } from "@prisma/client";
import { describeDecision } from "../../domain";
import { decisionForCombo, LIST_REASONS, type ListReason } from "../db/decision-sql";
import { describeLogReason } from "./item-detail";
import type { ConnectedScope } from "../db/shop-scope";
import { countLinksByDecisionCombo, loadSyncHealthRows, skusOfItems } from "../db/home-queries";

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
  const groups = await countLinksByDecisionCombo(prisma, scope.shopId, scope.customer.id);
  const counts = new Map<ListReason, ReasonCount>();
  let total = 0;
  for (const { count: n, ...combo } of groups) {
    const d = decisionForCombo(scope.prefs, scope.customerPrefs, combo);
    const reason = d.reason as ListReason;
    total += n;
    const entry = counts.get(reason) ?? { reason, kind: d.kind, count: 0, text: describeDecision({ ...d, settingFrom: undefined }) };
    entry.count += n;
    counts.set(reason, entry);
  }
  const byReason = LIST_REASONS.map((r) => counts.get(r)).filter((c): c is ReasonCount => c !== undefined);
  return { total, byReason };
}

export async function loadHomeStats(prisma: PrismaClient, scope: ConnectedScope, now: Date = new Date()): Promise<HomeStats> {
  const since = new Date(now.getTime() - 24 * 3600_000);
  const [decisions, health] = await Promise.all([decisionCounts(prisma, scope), loadSyncHealthRows(prisma, scope.shopId, since, 12)]);
  const logRows = health.recentLogs;
  const itemIds = [...new Set(logRows.map((r) => r.itemId).filter((id): id is string => id !== null))];
  const skus = await skusOfItems(prisma, scope.customer.id, itemIds);
  const counts = health.syncedPerMinute;
  const perMinute: HomeStats["perMinute"] = [];
  const start = Math.floor(since.getTime() / 60_000) * 60_000 + 60_000;
  for (let t = start; t <= now.getTime(); t += 60_000) {
    const minute = minuteKey(new Date(t));
    perMinute.push({ minute, count: counts.get(minute) ?? 0 });
  }
  const issueCount = (kind: string) => health.issuesByKind.get(kind) ?? 0;
  const last = [health.lastSyncedLogAt, health.lastLinkSyncedAt].filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0];
  return {
    syncEnabled: scope.prefs.syncEnabled,
    matchedItems: decisions.total,
    byReason: decisions.byReason,
    unmatchedSkus: issueCount("UNMATCHED_SKU"),
    duplicateSkus: issueCount("DUPLICATE_SKU_IN_SHOPIFY") + issueCount("DUPLICATE_SKU_IN_WHIPLASH"),
    pending: health.pending,
    oldestPendingAt: health.oldestPendingAt?.toISOString() ?? null,
    failedLast24h: health.failedSince,
    itemsWithError: health.linksWithError,
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
    activeBulkRuns: health.activeBulkRuns,
  };
}

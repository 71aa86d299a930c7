// The store-wide sync log as the Activity page and its CSV read it (views/activity.ts): newest first,
// filtered by item (SKU search), decision, reason and a date range, paged by id (keyset: stable while
// new rows arrive, and the CSV streams any number of rows in fixed-size pages). Scoped by shop.
import type { Prisma, PrismaClient, SyncLog } from "@prisma/client";
import { FAILED_DECISIONS, SYNCED_DECISIONS } from "./home-queries";

export interface SyncLogFilter {
  /** Part of a SKU (the customer's items whose SKU contains it). */
  sku?: string;
  decision?: "SYNCED" | "SKIPPED" | "FAILED";
  reason?: string;
  /** Inclusive lower bound. */
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
}

const DECISION_SPELLINGS: Record<NonNullable<SyncLogFilter["decision"]>, string[]> = {
  SYNCED: SYNCED_DECISIONS,
  SKIPPED: ["SKIPPED", "skipped"],
  FAILED: FAILED_DECISIONS,
};

/** At most this many items match a SKU search (a broader search should be narrowed). */
export const SKU_MATCH_LIMIT = 1000;

async function whereOf(prisma: PrismaClient, shopId: string, customerId: string, f: SyncLogFilter): Promise<Prisma.SyncLogWhereInput | null> {
  const where: Prisma.SyncLogWhereInput = { shopId };
  if (f.sku) {
    const items = await prisma.item.findMany({ where: { customerId, sku: { contains: f.sku } }, select: { id: true }, take: SKU_MATCH_LIMIT });
    if (items.length === 0) return null;
    where.itemId = { in: items.map((i) => i.id) };
  }
  if (f.decision) where.decision = { in: DECISION_SPELLINGS[f.decision] };
  if (f.reason) where.reason = f.reason;
  if (f.from || f.to) where.createdAt = { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) };
  return where;
}

/** One page of rows older than `beforeId` (newest first). */
export async function syncLogPage(
  prisma: PrismaClient,
  scope: { shopId: string; customerId: string },
  filter: SyncLogFilter,
  page: { beforeId?: number; take: number },
): Promise<SyncLog[]> {
  const where = await whereOf(prisma, scope.shopId, scope.customerId, filter);
  if (!where) return [];
  return prisma.syncLog.findMany({
    where: { ...where, ...(page.beforeId !== undefined ? { id: { lt: page.beforeId } } : {}) },
    orderBy: { id: "desc" },
    take: page.take,
  });
}

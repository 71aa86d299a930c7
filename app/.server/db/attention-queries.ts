// What Home's "Needs attention" (views/needs-attention.ts) reads from our own tables: the shop's items
// whose last write to Shopify failed, and items whose Shopify quantity someone else changed (drift
// waiting for a decision), a few of each by SKU with the total. Jobs are read through the JobQueue.
import type { PrismaClient } from "@prisma/client";

export interface ItemSample {
  total: number;
  items: { itemId: string; sku: string; error: string | null; at: Date | null }[];
}

export async function itemsWithFailedWrite(prisma: PrismaClient, shopId: string, take: number): Promise<ItemSample> {
  // ItemSyncError rows belong to links (deleted with them): each is a linked item whose last write failed.
  const where = { shopId };
  const [total, rows] = await Promise.all([
    prisma.itemSyncError.count({ where }),
    prisma.itemSyncError.findMany({ where, orderBy: { at: "desc" }, take, select: { itemId: true, error: true, at: true, link: { select: { item: { select: { sku: true } } } } } }),
  ]);
  return { total, items: rows.map((r) => ({ itemId: r.itemId, sku: r.link.item.sku, error: r.error, at: r.at })) };
}

export async function itemsWithDrift(prisma: PrismaClient, shopId: string, take: number): Promise<ItemSample> {
  const where = { shopId, driftDetectedAt: { not: null } };
  const [total, rows] = await Promise.all([
    prisma.itemLink.count({ where }),
    prisma.itemLink.findMany({ where, orderBy: { driftDetectedAt: "desc" }, take, select: { itemId: true, driftDetectedAt: true, item: { select: { sku: true } } } }),
  ]);
  return { total, items: rows.map((r) => ({ itemId: r.itemId, sku: r.item.sku, error: null, at: r.driftDetectedAt })) };
}

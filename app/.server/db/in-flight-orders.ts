// Shopify orders whose units Whiplash has not imported yet (rule 3.9; docs/decisions/0009-in-flight-orders.md).
// Every function is scoped by shop (or, for Whiplash's confirmations, by the customer's shops).
import type { PrismaClient } from "@prisma/client";
import { chunk, type Db } from "./db-types";

export type CloseReason = "CONFIRMED" | "CANCELLED" | "FULFILLED" | "EXPIRED";

export interface OrderVersion {
  orderId: string;
  /** The order's updated_at (ISO); null when unknown (then the newest delivery wins by arrival). */
  updatedAt: string | null;
  closed: "CANCELLED" | "FULFILLED" | null;
  /** Units still to ship per item and Shopify location (already mapped from variants). */
  lines: { itemId: string; locationId: string; units: number }[];
}

export interface OrderApplied {
  outcome: "APPLIED" | "STALE" | "CLOSED";
  /** Items whose units in flight changed. */
  itemIds: string[];
  /** The first version of the order we heard of. */
  created: boolean;
}

/**
 * Applies one version of a Shopify order. An order that already left "in flight" (confirmed by
 * Whiplash, cancelled, fulfilled, expired) stays out: a late or repeated webhook cannot bring it back.
 * An older version than the one applied is ignored (Shopify does not deliver in order).
 */
export async function applyOrderVersion(prisma: PrismaClient, shopId: string, order: OrderVersion, now: Date): Promise<OrderApplied> {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.inFlightOrder.findUnique({
      where: { shopId_orderId: { shopId, orderId: order.orderId } },
      include: { lines: { select: { itemId: true } } },
    });
    if (existing?.closedAt) return { outcome: "CLOSED", itemIds: [], created: false };
    const version = order.updatedAt ? new Date(order.updatedAt) : null;
    if (existing?.orderUpdatedAt && version && version < existing.orderUpdatedAt) return { outcome: "STALE", itemIds: [], created: false };
    const itemIds = new Set(existing?.lines.map((l) => l.itemId) ?? []);
    const merged = new Map<string, { itemId: string; locationId: string; units: number }>();
    if (!order.closed) {
      for (const l of order.lines) {
        if (l.units <= 0) continue;
        const key = `${l.itemId}\u0000${l.locationId}`;
        const prev = merged.get(key);
        merged.set(key, { ...l, units: (prev?.units ?? 0) + l.units });
      }
    }
    for (const l of merged.values()) itemIds.add(l.itemId);
    await tx.inFlightOrder.upsert({
      where: { shopId_orderId: { shopId, orderId: order.orderId } },
      create: { shopId, orderId: order.orderId, orderUpdatedAt: version, seenAt: now, closedAt: order.closed ? now : null, closedReason: order.closed },
      update: { orderUpdatedAt: version ?? existing?.orderUpdatedAt ?? null, closedAt: order.closed ? now : null, closedReason: order.closed },
    });
    await tx.inFlightLine.deleteMany({ where: { shopId, orderId: order.orderId } });
    if (merged.size > 0) {
      await tx.inFlightLine.createMany({ data: [...merged.values()].map((l) => ({ shopId, orderId: order.orderId, ...l })) });
    }
    return { outcome: "APPLIED", itemIds: [...itemIds], created: !existing };
  });
}

/**
 * Whiplash imported these Shopify orders (its order's originator id): they leave "in flight" in every shop
 * of the customer. An order Whiplash confirms before its Shopify webhook arrived is stored closed, so the
 * webhook cannot count it later. Returns the items whose units changed, per shop.
 */
export async function confirmOrders(prisma: PrismaClient, shopIds: readonly string[], orderIds: readonly string[], now: Date): Promise<Map<string, string[]>> {
  const changed = new Map<string, string[]>();
  for (const shopId of shopIds) {
    for (const orderId of orderIds) {
      const items = await closeOrder(prisma, shopId, orderId, "CONFIRMED", now, { createIfMissing: true });
      if (items.length > 0) changed.set(shopId, [...(changed.get(shopId) ?? []), ...items]);
    }
  }
  return changed;
}

async function closeOrder(
  prisma: PrismaClient,
  shopId: string,
  orderId: string,
  reason: CloseReason,
  now: Date,
  options: { createIfMissing: boolean },
): Promise<string[]> {
  return prisma.$transaction(async (tx) => {
    const existing = await tx.inFlightOrder.findUnique({ where: { shopId_orderId: { shopId, orderId } }, include: { lines: { select: { itemId: true } } } });
    if (existing?.closedAt) return [];
    if (!existing) {
      if (options.createIfMissing) await tx.inFlightOrder.create({ data: { shopId, orderId, seenAt: now, closedAt: now, closedReason: reason } });
      return [];
    }
    await tx.inFlightLine.deleteMany({ where: { shopId, orderId } });
    await tx.inFlightOrder.update({ where: { shopId_orderId: { shopId, orderId } }, data: { closedAt: now, closedReason: reason } });
    return [...new Set(existing.lines.map((l) => l.itemId))];
  });
}

export interface ExpiredOrder {
  shopId: string;
  orderId: string;
  seenAt: Date;
  itemIds: string[];
}

/** Open orders first seen before `before` leave "in flight" as EXPIRED (Whiplash never confirmed them). */
export async function expireOrders(prisma: PrismaClient, before: Date, now: Date, limit = 500): Promise<ExpiredOrder[]> {
  const open = await prisma.inFlightOrder.findMany({
    where: { closedAt: null, seenAt: { lt: before } },
    orderBy: { seenAt: "asc" },
    take: limit,
    select: { shopId: true, orderId: true, seenAt: true },
  });
  const out: ExpiredOrder[] = [];
  for (const o of open) {
    const itemIds = await closeOrder(prisma, o.shopId, o.orderId, "EXPIRED", now, { createIfMissing: false });
    out.push({ ...o, itemIds });
  }
  return out;
}

/** Units in flight per item of the shop, by Shopify location id (items without any are absent). */
export async function unitsInFlightByItem(prisma: Db, shopId: string, itemIds: readonly string[]): Promise<Map<string, Record<string, number>>> {
  const out = new Map<string, Record<string, number>>();
  for (const ids of chunk([...new Set(itemIds)], 500)) {
    const rows = await prisma.inFlightLine.groupBy({
      by: ["itemId", "locationId"],
      where: { shopId, itemId: { in: ids } },
      _sum: { units: true },
    });
    for (const r of rows) {
      const units = r._sum.units ?? 0;
      if (units <= 0) continue;
      const entry = out.get(r.itemId) ?? {};
      entry[r.locationId] = units;
      out.set(r.itemId, entry);
    }
  }
  return out;
}

/** Variant GID -> item id for the shop's links (orders name variants). */
export async function itemIdsByVariant(prisma: Db, shopId: string, variantIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const ids of chunk([...new Set(variantIds)], 500)) {
    const rows = await prisma.itemLink.findMany({ where: { shopId, variantId: { in: ids } }, select: { variantId: true, itemId: true } });
    for (const r of rows) out.set(r.variantId, r.itemId);
  }
  return out;
}

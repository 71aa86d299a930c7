// The coalesced pending-sync set: one row per (shop, item, location) holding the latest wanted quantity.
// Intake adds or replaces rows; the shop writer takes them in batches and deletes what it has handled.
import type { PrismaClient } from "@prisma/client";
import type { SyncTrigger } from "../../domain/types";

export interface PendingSyncInput {
  shopId: string;
  itemId: string;
  locationId: string;
  wanted: number;
  trigger: SyncTrigger;
  /** Manual/bulk syncs write even if Shopify already shows the quantity. A later unforced event keeps it. */
  force?: boolean;
  runId?: string | null;
}

export interface PendingSyncRow extends Required<PendingSyncInput> {
  attempts: number;
  enqueuedAt: Date;
}

/** Triggers that a later, ordinary trigger must not replace before the writer has sent them. */
const STICKY_TRIGGERS: SyncTrigger[] = ["SELLOUT"];

const keyOf = (r: { shopId: string; itemId: string; locationId: string }) => `${r.shopId}\u0000${r.itemId}\u0000${r.locationId}`;

/**
 * Adds or replaces pending syncs. The latest wanted quantity wins; `force` and a SELLOUT trigger
 * are sticky until written (a sell-out's final 0 must still be published when a later stock event
 * for the same item arrives before the writer runs: rule 3.4).
 */
export async function upsertPendingSyncs(prisma: PrismaClient, rows: PendingSyncInput[]): Promise<void> {
  if (rows.length === 0) return;
  const now = new Date();
  const sticky = new Set(
    (
      await prisma.pendingSync.findMany({
        where: {
          trigger: { in: STICKY_TRIGGERS },
          shopId: { in: [...new Set(rows.map((r) => r.shopId))] },
          itemId: { in: [...new Set(rows.map((r) => r.itemId))] },
        },
        select: { shopId: true, itemId: true, locationId: true },
      })
    ).map(keyOf),
  );
  // One transaction: a burst of events becomes a handful of commits, not thousands. Rows in key order:
  // several workers queueing overlapping rows then lock them in the same order and wait for each other
  // instead of deadlocking (PostgreSQL 40P01).
  const ordered = [...rows].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  await prisma.$transaction(
    ordered.map((r) =>
      prisma.pendingSync.upsert({
        where: { shopId_itemId_locationId: { shopId: r.shopId, itemId: r.itemId, locationId: r.locationId } },
        create: {
          shopId: r.shopId,
          itemId: r.itemId,
          locationId: r.locationId,
          wanted: r.wanted,
          trigger: r.trigger,
          force: r.force ?? false,
          runId: r.runId ?? null,
          enqueuedAt: now,
        },
        update: {
          wanted: r.wanted,
          ...(sticky.has(keyOf(r)) ? {} : { trigger: r.trigger }),
          runId: r.runId ?? undefined,
          attempts: 0,
          enqueuedAt: now,
          ...(r.force ? { force: true } : {}),
        },
      }),
    ),
  );
}

/** Oldest pending syncs of a shop first. */
export async function listPendingSyncs(prisma: PrismaClient, shopId: string, limit: number): Promise<PendingSyncRow[]> {
  const rows = await prisma.pendingSync.findMany({
    where: { shopId },
    orderBy: [{ enqueuedAt: "asc" }, { itemId: "asc" }],
    take: limit,
  });
  return rows.map((r) => ({ ...r, trigger: r.trigger as SyncTrigger }));
}

/**
 * Removes handled rows, but only if they were not replaced meanwhile (enqueuedAt unchanged):
 * a newer wanted quantity that arrived during the write must still be written.
 */
export async function deletePendingSyncs(
  prisma: PrismaClient,
  rows: Pick<PendingSyncRow, "shopId" | "itemId" | "locationId" | "enqueuedAt">[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const results = await prisma.$transaction(
    rows.map((r) =>
      prisma.pendingSync.deleteMany({
        where: { shopId: r.shopId, itemId: r.itemId, locationId: r.locationId, enqueuedAt: r.enqueuedAt },
      }),
    ),
  );
  return results.reduce((n, r) => n + r.count, 0);
}

/** Every shop that has at least one pending sync (the writer sweep restarts their writers). */
export async function shopsWithPendingSyncs(prisma: PrismaClient): Promise<string[]> {
  const groups = await prisma.pendingSync.groupBy({ by: ["shopId"], orderBy: { shopId: "asc" } });
  return groups.map((g) => g.shopId);
}

export async function countPendingSyncs(prisma: PrismaClient, shopId: string): Promise<number> {
  return prisma.pendingSync.count({ where: { shopId } });
}

/** Uninstall / shop erase: drop every pending sync of the shop. */
export async function cancelPendingSyncs(prisma: PrismaClient, shopId: string): Promise<number> {
  return (await prisma.pendingSync.deleteMany({ where: { shopId } })).count;
}

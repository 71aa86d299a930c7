// Item <-> Shopify variant links per shop, and what we know Shopify shows per (inventory item, location).
// Every function is scoped by shop.
import { Prisma, type ItemLink, type PrismaClient, type ShopifyLevel } from "@prisma/client";
import type { ItemLinkState } from "../../domain/types";
import { chunk, isClient, type Db } from "./db-types";

export interface ItemLinkRecord {
  id: string;
  shopId: string;
  itemId: string;
  productId: string;
  variantId: string;
  inventoryItemId: string;
  productTitle: string;
  variantTitle: string;
  tracked: boolean;
  driftDetectedAt: Date | null;
}

function toRecord(row: ItemLink): ItemLinkRecord {
  return {
    id: row.id,
    shopId: row.shopId,
    itemId: row.itemId,
    productId: row.productId,
    variantId: row.variantId,
    inventoryItemId: row.inventoryItemId,
    productTitle: row.productTitle,
    variantTitle: row.variantTitle,
    tracked: row.tracked,
    driftDetectedAt: row.driftDetectedAt,
  };
}

export function toLinkState(link: Pick<ItemLink, "inventoryItemId" | "tracked">): ItemLinkState {
  return { inventoryItemId: link.inventoryItemId, tracked: link.tracked };
}

export async function getLink(prisma: Db, shopId: string, itemId: string): Promise<ItemLinkRecord | null> {
  const row = await prisma.itemLink.findUnique({ where: { shopId_itemId: { shopId, itemId } } });
  return row ? toRecord(row) : null;
}

export async function findLinkByInventoryItemId(prisma: Db, shopId: string, inventoryItemId: string): Promise<ItemLinkRecord | null> {
  const row = await prisma.itemLink.findUnique({ where: { shopId_inventoryItemId: { shopId, inventoryItemId } } });
  return row ? toRecord(row) : null;
}

/** The shop's links, optionally only for some items, in item id order. */
export async function listLinksForShop(prisma: Db, shopId: string, options: { itemIds?: readonly string[] } = {}): Promise<ItemLinkRecord[]> {
  if (options.itemIds) {
    const out: ItemLinkRecord[] = [];
    for (const ids of chunk([...new Set(options.itemIds)], 500)) {
      const rows = await prisma.itemLink.findMany({ where: { shopId, itemId: { in: ids } }, orderBy: { itemId: "asc" } });
      out.push(...rows.map(toRecord));
    }
    return out.sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  }
  return (await prisma.itemLink.findMany({ where: { shopId }, orderBy: { itemId: "asc" } })).map(toRecord);
}

/** The item's links in every shop of its customer (item page: "where is this item sold"). */
export async function linksForItem(prisma: Db, customerId: string, itemId: string): Promise<ItemLinkRecord[]> {
  const rows = await prisma.itemLink.findMany({ where: { itemId, item: { customerId } }, orderBy: { shopId: "asc" } });
  return rows.map(toRecord);
}

/** Link states for the domain (decideSync / planSyncs); unmatched items are absent. */
export async function linkStatesForItems(prisma: Db, shopId: string, itemIds: readonly string[]): Promise<Map<string, ItemLinkState>> {
  const out = new Map<string, ItemLinkState>();
  for (const link of await listLinksForShop(prisma, shopId, { itemIds })) out.set(link.itemId, toLinkState(link));
  return out;
}

export interface UpsertLinkInput {
  shopId: string;
  itemId: string;
  productId: string;
  variantId: string;
  inventoryItemId: string;
  productTitle?: string;
  variantTitle?: string;
  tracked: boolean;
}

/**
 * Links an item to a variant in a shop (SKU match). If that inventory item was linked to another item of the
 * shop (the SKU moved), that link is removed first; both statements run in one transaction that cannot fail on
 * the unique (shop, inventory item) key.
 */
export async function upsertLink(prisma: PrismaClient, input: UpsertLinkInput): Promise<ItemLinkRecord> {
  const fields = {
    productId: input.productId,
    variantId: input.variantId,
    inventoryItemId: input.inventoryItemId,
    productTitle: input.productTitle ?? "",
    variantTitle: input.variantTitle ?? "",
    tracked: input.tracked,
  };
  const [, row] = await prisma.$transaction([
    prisma.itemLink.deleteMany({
      where: { shopId: input.shopId, inventoryItemId: input.inventoryItemId, itemId: { not: input.itemId } },
    }),
    prisma.itemLink.upsert({
      where: { shopId_itemId: { shopId: input.shopId, itemId: input.itemId } },
      create: { shopId: input.shopId, itemId: input.itemId, ...fields },
      update: fields,
    }),
  ]);
  return toRecord(row);
}

export async function deleteLink(prisma: Db, shopId: string, itemId: string): Promise<boolean> {
  return (await prisma.itemLink.deleteMany({ where: { shopId, itemId } })).count > 0;
}

/** Shopify's "track quantity" for the variant changed (inventory_items/update or a re-read). */
export async function setLinkTracked(prisma: Db, shopId: string, inventoryItemId: string, tracked: boolean): Promise<boolean> {
  return (await prisma.itemLink.updateMany({ where: { shopId, inventoryItemId }, data: { tracked } })).count > 0;
}

/**
 * Sets (or with null clears) the item's last permanent error from Shopify, as the writer records a failed
 * (or successful) write. Returns false when the item has no link in the shop: the error belongs to it.
 */
export async function setLinkError(prisma: Db, shopId: string, itemId: string, error: string | null, at: Date = new Date()): Promise<boolean> {
  const key = { shopId, itemId };
  if (error === null) {
    await prisma.itemSyncError.deleteMany({ where: key });
    return (await prisma.itemLink.count({ where: key })) > 0;
  }
  if ((await prisma.itemLink.count({ where: key })) === 0) return false;
  await prisma.itemSyncError.upsert({ where: { shopId_itemId: key }, create: { ...key, error, at }, update: { error, at } });
  return true;
}

export interface LinkSyncStatus {
  /** Our last write to Shopify for the item: the newest writtenAt of its inventory item's levels. */
  lastSyncedAt: Date | null;
  /** Set while the item's last write failed (ItemSyncError). */
  lastError: string | null;
}

/**
 * The sync status of some of a shop's links (a page of the list, one item's page), by item id. Neither is
 * stored on the link (the writer would update its six indexes on every write, issue 11): the last sync is
 * derived from ShopifyLevel.writtenAt, which the writer sets with every write; the error is a row of its own.
 */
export async function syncStatusOfLinks(
  prisma: Db,
  shopId: string,
  links: readonly { itemId: string; inventoryItemId: string }[],
): Promise<Map<string, LinkSyncStatus>> {
  const synced = new Map<string, Date | null>();
  const errors = new Map<string, string>();
  for (const part of chunk(links, 500)) {
    const [levels, rows] = await Promise.all([
      prisma.shopifyLevel.groupBy({
        by: ["inventoryItemId"],
        where: { shopId, inventoryItemId: { in: part.map((l) => l.inventoryItemId) } },
        _max: { writtenAt: true },
      }),
      prisma.itemSyncError.findMany({ where: { shopId, itemId: { in: part.map((l) => l.itemId) } }, select: { itemId: true, error: true } }),
    ]);
    for (const l of levels) synced.set(l.inventoryItemId, l._max.writtenAt);
    for (const r of rows) errors.set(r.itemId, r.error);
  }
  return new Map(links.map((l) => [l.itemId, { lastSyncedAt: synced.get(l.inventoryItemId) ?? null, lastError: errors.get(l.itemId) ?? null }]));
}

/** Someone else changed the quantity in Shopify (drift); null clears the flag. */
export async function setLinkDrift(prisma: Db, shopId: string, itemId: string, at: Date | null): Promise<boolean> {
  return (await prisma.itemLink.updateMany({ where: { shopId, itemId }, data: { driftDetectedAt: at } })).count > 0;
}

// ---------------------------------------------------------------------------------------------------
// ShopifyLevel: known (last seen) and written (last sent by us) quantities.
// ---------------------------------------------------------------------------------------------------

export interface LevelRecord {
  inventoryItemId: string;
  locationId: string;
  knownQuantity: number | null;
  knownAt: Date | null;
  writtenQuantity: number | null;
  writtenAt: Date | null;
}

function toLevel(row: ShopifyLevel): LevelRecord {
  return {
    inventoryItemId: row.inventoryItemId,
    locationId: row.locationId,
    knownQuantity: row.knownQuantity,
    knownAt: row.knownAt,
    writtenQuantity: row.writtenQuantity,
    writtenAt: row.writtenAt,
  };
}

export async function getLevel(prisma: Db, shopId: string, inventoryItemId: string, locationId: string): Promise<LevelRecord | null> {
  const row = await prisma.shopifyLevel.findUnique({
    where: { shopId_inventoryItemId_locationId: { shopId, inventoryItemId, locationId } },
  });
  return row ? toLevel(row) : null;
}

export interface WrittenLevel {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
}

/** We wrote `quantity` and Shopify accepted it: it is both what we wrote and what Shopify now shows. */
export async function recordWritten(
  prisma: Db,
  shopId: string,
  inventoryItemId: string,
  locationId: string,
  quantity: number,
  at: Date,
): Promise<void> {
  await recordWrittenMany(prisma, shopId, [{ inventoryItemId, locationId, quantity }], at);
}

/** recordWritten for a whole batch (one transaction per 250 levels, or the caller's transaction). */
export async function recordWrittenMany(prisma: Db, shopId: string, levels: readonly WrittenLevel[], at: Date): Promise<void> {
  const upsert = (db: Db, l: WrittenLevel) => {
    const data = { knownQuantity: l.quantity, knownAt: at, writtenQuantity: l.quantity, writtenAt: at };
    return db.shopifyLevel.upsert({
      where: { shopId_inventoryItemId_locationId: { shopId, inventoryItemId: l.inventoryItemId, locationId: l.locationId } },
      create: { shopId, inventoryItemId: l.inventoryItemId, locationId: l.locationId, ...data },
      update: data,
    });
  };
  for (const part of chunk(levels, 250)) {
    if (isClient(prisma)) await prisma.$transaction(part.map((l) => upsert(prisma, l)));
    else for (const l of part) await upsert(prisma, l);
  }
}

/**
 * What Shopify shows, learned from a read or a webhook at time `at`. Ignored (returns false) when we already
 * know a newer value, so a late inventory_levels webhook cannot move our knowledge backwards. null = unknown.
 */
export async function recordKnown(
  prisma: Db,
  shopId: string,
  inventoryItemId: string,
  locationId: string,
  quantity: number | null,
  at: Date,
): Promise<boolean> {
  const key = { shopId, inventoryItemId, locationId };
  const { count } = await prisma.shopifyLevel.updateMany({
    where: { ...key, OR: [{ knownAt: null }, { knownAt: { lte: at } }] },
    data: { knownQuantity: quantity, knownAt: at },
  });
  if (count > 0) return true;
  // No row yet, or a newer one: create if missing, otherwise leave the newer knowledge alone.
  const row = await prisma.shopifyLevel.upsert({
    where: { shopId_inventoryItemId_locationId: key },
    create: { ...key, knownQuantity: quantity, knownAt: at },
    update: {},
    select: { knownAt: true },
  });
  return row.knownAt?.getTime() === at.getTime();
}

/** Known quantities by inventory item, then location (for planSyncs' `known`). */
export async function knownLevels(
  prisma: Db,
  shopId: string,
  inventoryItemIds: readonly string[],
): Promise<Map<string, Record<string, number | null>>> {
  const out = new Map<string, Record<string, number | null>>();
  for (const ids of chunk([...new Set(inventoryItemIds)], 500)) {
    const rows = await prisma.shopifyLevel.findMany({
      where: { shopId, inventoryItemId: { in: ids } },
      select: { inventoryItemId: true, locationId: true, knownQuantity: true },
    });
    for (const r of rows) {
      const byLocation = out.get(r.inventoryItemId) ?? {};
      byLocation[r.locationId] = r.knownQuantity;
      out.set(r.inventoryItemId, byLocation);
    }
  }
  return out;
}

/** Known quantities by item id (through the item's link in this shop); unlinked items are absent. */
export async function knownLevelsForItems(
  prisma: Db,
  shopId: string,
  itemIds: readonly string[],
): Promise<Map<string, Record<string, number | null>>> {
  const links = await listLinksForShop(prisma, shopId, { itemIds });
  const levels = await knownLevels(prisma, shopId, links.map((l) => l.inventoryItemId));
  return new Map(links.map((l) => [l.itemId, levels.get(l.inventoryItemId) ?? {}]));
}

// ---------------------------------------------------------------------------------------------------
// Drift (reconciliation and inventory_levels/update) and known levels set as Shopify reports them.
// ---------------------------------------------------------------------------------------------------

/** The inventory items this shop manages (reconciliation filters Shopify's levels to them). */
export async function managedInventoryItemIds(prisma: Db, shopId: string): Promise<Set<string>> {
  const links = await prisma.itemLink.findMany({ where: { shopId }, select: { inventoryItemId: true } });
  return new Set(links.map((l) => l.inventoryItemId));
}

export async function countDriftedLinks(prisma: Db, shopId: string): Promise<number> {
  return prisma.itemLink.count({ where: { shopId, driftDetectedAt: { not: null } } });
}

/** Flags drift on several items' links at once (reconciliation). */
export async function markItemsDrifted(prisma: Db, shopId: string, itemIds: readonly string[], at: Date): Promise<void> {
  await prisma.itemLink.updateMany({ where: { shopId, itemId: { in: [...itemIds] } }, data: { driftDetectedAt: at } });
}

/** Sets (a date) or clears (null) the drift flag of one link by its id. */
export async function setLinkDriftById(prisma: Db, linkId: string, at: Date | null): Promise<void> {
  await prisma.itemLink.update({ where: { id: linkId }, data: { driftDetectedAt: at } });
}

export interface KnownLevelInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
}

/**
 * Overwrites what we know Shopify shows (unlike recordKnown, no "newer knowledge wins" check): the
 * caller (drift) has just compared against the stored level.
 */
export async function setKnownLevel(prisma: Db, shopId: string, level: KnownLevelInput, at: Date): Promise<void> {
  await upsertKnown(prisma, shopId, level, at);
}

/**
 * Levels read in one snapshot (reconciliation's bulk read) that started at `takenAt`: stored as known at
 * that time, never over a level we learned later (a write of ours or a webhook after the read started),
 * since the snapshot may predate it. One statement per 200 levels, the same SQL on SQLite and PostgreSQL
 * (an upsert whose update is conditional). Returns how many levels were stored.
 */
export async function recordSnapshotLevels(prisma: Db, shopId: string, levels: readonly KnownLevelInput[], takenAt: Date): Promise<number> {
  let stored = 0;
  for (const part of chunk(levels, 200)) {
    const values = part.map((l) => Prisma.sql`(${shopId}, ${l.inventoryItemId}, ${l.locationId}, ${l.quantity}, ${takenAt})`);
    stored += await prisma.$executeRaw`INSERT INTO "ShopifyLevel" ("shopId", "inventoryItemId", "locationId", "knownQuantity", "knownAt") VALUES ${Prisma.join(values)}
      ON CONFLICT ("shopId", "inventoryItemId", "locationId") DO UPDATE SET "knownQuantity" = excluded."knownQuantity", "knownAt" = excluded."knownAt"
      WHERE "ShopifyLevel"."knownAt" IS NULL OR "ShopifyLevel"."knownAt" < excluded."knownAt"`;
  }
  return stored;
}

function upsertKnown(prisma: Db, shopId: string, l: KnownLevelInput, at: Date) {
  const key = { shopId, inventoryItemId: l.inventoryItemId, locationId: l.locationId };
  return prisma.shopifyLevel.upsert({
    where: { shopId_inventoryItemId_locationId: key },
    create: { ...key, knownQuantity: l.quantity, knownAt: at },
    update: { knownQuantity: l.quantity, knownAt: at },
  });
}

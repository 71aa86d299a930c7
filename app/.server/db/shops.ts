// Shops (installed Shopify stores): their "Sync inventory" switch and warehouse -> location mapping.
// Every function takes the shop id (the shop domain) it is about: queries are scoped by shop.
import type { PrismaClient, Shop, WarehouseLocation } from "@prisma/client";
import type { ShopPrefs } from "../../domain/types";
import type { Db } from "./db-types";

export interface ShopRecord {
  id: string;
  name: string;
  customerId: string | null;
  syncEnabled: boolean;
  defaultLocationId: string | null;
  installedAt: Date;
  uninstalledAt: Date | null;
}

function toRecord(row: Shop): ShopRecord {
  return {
    id: row.id,
    name: row.name,
    customerId: row.customerId,
    syncEnabled: row.syncEnabled,
    defaultLocationId: row.defaultLocationId,
    installedAt: row.installedAt,
    uninstalledAt: row.uninstalledAt,
  };
}

export function toShopPrefs(row: Pick<Shop, "syncEnabled" | "defaultLocationId">, warehouses: Pick<WarehouseLocation, "warehouseId" | "locationId">[]): ShopPrefs {
  const warehouseLocations: Record<number, string> = {};
  for (const w of warehouses) warehouseLocations[w.warehouseId] = w.locationId;
  return { syncEnabled: row.syncEnabled, defaultLocationId: row.defaultLocationId, warehouseLocations };
}

export async function getShop(prisma: Db, shopId: string): Promise<ShopRecord | null> {
  const row = await prisma.shop.findUnique({ where: { id: shopId } });
  return row ? toRecord(row) : null;
}

/** The shop's switch and mapping (DESIGN.md 3.2), or null for an unknown shop. */
export async function getShopPrefs(prisma: Db, shopId: string): Promise<ShopPrefs | null> {
  const row = await prisma.shop.findUnique({
    where: { id: shopId },
    select: { syncEnabled: true, defaultLocationId: true, warehouses: { select: { warehouseId: true, locationId: true } } },
  });
  return row ? toShopPrefs(row, row.warehouses) : null;
}

export interface UpsertShopInput {
  id: string;
  name?: string;
  /** Connects the shop to a Whiplash customer (null disconnects; undefined leaves it). */
  customerId?: string | null;
  defaultLocationId?: string | null;
}

/** Creates the shop (sync on, no mapping) or updates the given fields. Install/uninstall dates are the platform's. */
export async function upsertShop(prisma: Db, input: UpsertShopInput): Promise<ShopRecord> {
  const data = { name: input.name, customerId: input.customerId, defaultLocationId: input.defaultLocationId };
  const row = await prisma.shop.upsert({
    where: { id: input.id },
    create: { id: input.id, ...data },
    update: data,
  });
  return toRecord(row);
}

/** Turns the shop's "Sync inventory" switch on or off; false when the shop does not exist. */
export async function setShopSyncEnabled(prisma: Db, shopId: string, enabled: boolean): Promise<boolean> {
  const { count } = await prisma.shop.updateMany({ where: { id: shopId }, data: { syncEnabled: enabled } });
  return count === 1;
}

export interface WarehouseMappingInput {
  /** Location for every warehouse not listed (undefined: leave as is). */
  defaultLocationId?: string | null;
  /** warehouseId -> location id; replaces the whole explicit mapping. */
  warehouses: Record<number, string>;
}

/** Replaces the shop's warehouse -> location mapping in one transaction. */
export async function setWarehouseLocations(prisma: PrismaClient, shopId: string, input: WarehouseMappingInput): Promise<ShopPrefs | null> {
  const rows = Object.entries(input.warehouses).map(([warehouseId, locationId]) => {
    const id = Number(warehouseId);
    if (!Number.isInteger(id) || !locationId) throw new RangeError(`bad warehouse mapping ${warehouseId} -> ${locationId}`);
    return { shopId, warehouseId: id, locationId };
  });
  // Checked first so the transaction below never needs a rollback (foreign key of an unknown shop).
  if (!(await prisma.shop.findUnique({ where: { id: shopId }, select: { id: true } }))) return null;
  await prisma.$transaction([
    prisma.warehouseLocation.deleteMany({ where: { shopId } }),
    ...(rows.length > 0 ? [prisma.warehouseLocation.createMany({ data: rows })] : []),
    ...(input.defaultLocationId !== undefined
      ? [prisma.shop.updateMany({ where: { id: shopId }, data: { defaultLocationId: input.defaultLocationId } })]
      : []),
  ]);
  return getShopPrefs(prisma, shopId);
}

export interface ConnectedShop {
  id: string;
  name: string;
  prefs: ShopPrefs;
}

/** Shops connected to the customer and still installed, with their prefs (fan-out target of an item change). */
export async function shopsForCustomer(prisma: Db, customerId: string): Promise<ConnectedShop[]> {
  const rows = await prisma.shop.findMany({
    where: { customerId, uninstalledAt: null },
    orderBy: { id: "asc" },
    select: {
      id: true,
      name: true,
      syncEnabled: true,
      defaultLocationId: true,
      warehouses: { select: { warehouseId: true, locationId: true } },
    },
  });
  return rows.map((r) => ({ id: r.id, name: r.name, prefs: toShopPrefs(r, r.warehouses) }));
}

// ---------------------------------------------------------------------------------------------------
// Install state (uninstall, reinstall, redact), the connected customer, and the default location.
// ---------------------------------------------------------------------------------------------------

/** The shop's Whiplash customer id; null when the shop is unknown or not connected. */
export async function shopCustomerId(prisma: Db, shopId: string): Promise<string | null> {
  const shop = await prisma.shop.findUnique({ where: { id: shopId }, select: { customerId: true } });
  return shop?.customerId ?? null;
}

/** As shopCustomerId, but an unknown shop throws (Prisma's NotFoundError): callers that were handed the shop. */
export async function requireShopCustomerId(prisma: Db, shopId: string): Promise<string | null> {
  const shop = await prisma.shop.findUniqueOrThrow({ where: { id: shopId }, select: { customerId: true } });
  return shop.customerId;
}

/** How many shops are connected to the customer (installed or within the uninstall retention), optionally but one. */
export async function countShopsOfCustomer(prisma: Db, customerId: string, options: { except?: string } = {}): Promise<number> {
  return prisma.shop.count({ where: { customerId, ...(options.except ? { id: { not: options.except } } : {}) } });
}

/** Installed shops with sync on and a Whiplash customer (the daily reconciliation's list). */
export async function installedConnectedSyncingShopIds(prisma: Db): Promise<string[]> {
  const shops = await prisma.shop.findMany({
    where: { uninstalledAt: null, syncEnabled: true, customerId: { not: null } },
    select: { id: true },
  });
  return shops.map((s) => s.id);
}

/** The customer's installed shops (or just `onlyShopId` among them). */
export async function installedShopIdsOfCustomer(prisma: Db, customerId: string, onlyShopId?: string): Promise<string[]> {
  const shops = await prisma.shop.findMany({
    where: { customerId, uninstalledAt: null, ...(onlyShopId ? { id: onlyShopId } : {}) },
    select: { id: true },
  });
  return shops.map((s) => s.id);
}

export interface ShopInstallState {
  installedAt: Date;
  uninstalledAt: Date | null;
}

export async function getShopInstallState(prisma: Db, shopId: string): Promise<ShopInstallState | null> {
  return prisma.shop.findUnique({ where: { id: shopId }, select: { installedAt: true, uninstalledAt: true } });
}

export async function markShopUninstalledAt(prisma: Db, shopId: string, uninstalledAt: Date): Promise<void> {
  await prisma.shop.update({ where: { id: shopId }, data: { uninstalledAt } });
}

/**
 * Reinstall within the retention: clears the uninstall, conditional on the same uninstalledAt so two
 * concurrent first requests restore once.
 */
export async function restoreUninstalledShop(prisma: Db, shopId: string, uninstalledAt: Date, installedAt: Date): Promise<void> {
  await prisma.shop.updateMany({ where: { id: shopId, uninstalledAt }, data: { uninstalledAt: null, installedAt } });
}

/** The shop's default location; undefined when the shop is unknown. */
export async function getDefaultLocationId(prisma: Db, shopId: string): Promise<string | null | undefined> {
  const shop = await prisma.shop.findUnique({ where: { id: shopId }, select: { defaultLocationId: true } });
  return shop ? shop.defaultLocationId : undefined;
}

/** Sets the default location unless one was chosen meanwhile (the merchant's choice wins). */
export async function setDefaultLocationIfUnset(prisma: Db, shopId: string, locationId: string): Promise<void> {
  await prisma.shop.updateMany({ where: { id: shopId, defaultLocationId: null }, data: { defaultLocationId: locationId } });
}

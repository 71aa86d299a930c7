// What the Settings page reads (the customer's token state, the warehouses seen for the customer) and
// its one write: the shop's switch and mapping and the customer's preferences, in ONE transaction.
import type { PrismaClient } from "@prisma/client";
import type { ProcessOrdersMode, SyncSetting } from "../../domain/types";
import type { DriftPolicy } from "./customers";

export interface CustomerTokenState {
  hasTokens: boolean;
  tokenExpiresAt: Date | null;
}

/** Whether Whiplash tokens are stored for the customer (never the tokens themselves). */
export async function customerTokenState(prisma: PrismaClient, customerId: string): Promise<CustomerTokenState | null> {
  const row = await prisma.customer.findUnique({ where: { id: customerId }, select: { accessTokenEnc: true, tokenExpiresAt: true } });
  return row ? { hasTokens: Boolean(row.accessTokenEnc), tokenExpiresAt: row.tokenExpiresAt } : null;
}

/** Warehouse ids the customer has stock in or a ship notice to. */
export async function warehousesSeenForCustomer(prisma: PrismaClient, customerId: string): Promise<number[]> {
  const rows = await prisma.$queryRaw<{ w: number | bigint }[]>`
    SELECT DISTINCT s."warehouseId" AS w FROM "ItemWarehouseStock" s JOIN "Item" i ON i."id" = s."itemId" WHERE i."customerId" = ${customerId}
    UNION SELECT DISTINCT "warehouseId" AS w FROM "ShipNotice" WHERE "customerId" = ${customerId}`;
  return rows.map((r) => Number(r.w));
}

export interface ShopSettingsWrite {
  shopId: string;
  syncEnabled: boolean;
  defaultLocationId: string;
  /** Replaces the shop's whole warehouse -> location mapping. */
  mapping: { warehouseId: number; locationId: string }[];
  /** The customer's preferences; left as they are when absent (undefined fields too). */
  customer?: {
    id: string;
    defaultSyncSetting: SyncSetting;
    processOrdersMode?: ProcessOrdersMode;
    defaultBuffer?: number;
    driftPolicy?: DriftPolicy;
  };
}

/** Validated settings, written in one batch transaction: nothing partial is ever saved. */
export async function saveShopSettings(prisma: PrismaClient, write: ShopSettingsWrite): Promise<void> {
  const { shopId, customer } = write;
  await prisma.$transaction([
    prisma.shop.update({ where: { id: shopId }, data: { syncEnabled: write.syncEnabled, defaultLocationId: write.defaultLocationId } }),
    prisma.warehouseLocation.deleteMany({ where: { shopId } }),
    ...(write.mapping.length ? [prisma.warehouseLocation.createMany({ data: write.mapping.map((m) => ({ shopId, ...m })) })] : []),
    ...(customer
      ? [
          prisma.customer.update({
            where: { id: customer.id },
            data: {
              defaultSyncSetting: customer.defaultSyncSetting,
              processOrdersMode: customer.processOrdersMode,
              defaultBuffer: customer.defaultBuffer,
              driftPolicy: customer.driftPolicy,
            },
          }),
        ]
      : []),
  ]);
}

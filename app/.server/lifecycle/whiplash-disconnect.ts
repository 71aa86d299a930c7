// "Disconnect Whiplash" in one store's Settings. The Whiplash login (tokens) belongs to the customer and
// may be shared by several stores: disconnecting affects only the store that asked. Its link to the
// customer and its queued syncs go; the customer's items, settings, login and webhook subscriptions stay
// for the other stores. The last store to leave also makes us forget the login.
import type { PrismaClient } from "@prisma/client";
import { cancelPendingSyncs } from "../db/pending-syncs";
import { countShopsOfCustomer, shopCustomerId, upsertShop } from "../db/shops";
import { clearWhiplashTokens } from "../db/whiplash-tokens";

export type DisconnectResult = { disconnected: false } | { disconnected: true; otherStores: number };

export async function disconnectWhiplash(prisma: PrismaClient, shopId: string): Promise<DisconnectResult> {
  const customerId = await shopCustomerId(prisma, shopId);
  if (!customerId) return { disconnected: false };
  await upsertShop(prisma, { id: shopId, customerId: null });
  // Nothing more is written to this store from the customer's stock.
  await cancelPendingSyncs(prisma, shopId);
  const otherStores = await countShopsOfCustomer(prisma, customerId);
  if (otherStores === 0) await clearWhiplashTokens(prisma, customerId);
  return { disconnected: true, otherStores };
}

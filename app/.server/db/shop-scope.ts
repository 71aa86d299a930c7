// The shop a request acts for, and what the rules need to know about it. Every UI service starts here:
// the shop id comes from the verified session, never from the request's parameters.
import type { PrismaClient } from "@prisma/client";
import type { CustomerPrefs, ShopPrefs } from "../../domain";
import { getCustomer, type CustomerRecord } from "./customers";
import { getShopPrefs } from "./shops";

export interface ShopScope {
  shopId: string;
  name: string;
  prefs: ShopPrefs;
  /** null: no Whiplash account connected yet. */
  customer: CustomerRecord | null;
}

/** A connected scope: the shop has a Whiplash customer, so items exist and the rules apply. */
export interface ConnectedScope extends ShopScope {
  customer: CustomerRecord;
  customerPrefs: CustomerPrefs;
}

/** Makes sure the shop has its row (first page load after install); returns its scope. */
export async function loadShopScope(prisma: PrismaClient, shopId: string): Promise<ShopScope> {
  let row = await prisma.shop.findUnique({ where: { id: shopId }, select: { name: true, customerId: true } });
  if (!row) {
    // upsert: two first requests at once must not fail on the primary key.
    row = await prisma.shop.upsert({ where: { id: shopId }, create: { id: shopId, name: shopId }, update: {}, select: { name: true, customerId: true } });
  }
  const prefs = (await getShopPrefs(prisma, shopId))!;
  const customer = row.customerId ? await getCustomer(prisma, row.customerId) : null;
  return { shopId, name: row.name, prefs, customer };
}

export async function loadConnectedScope(prisma: PrismaClient, shopId: string): Promise<ConnectedScope | null> {
  const scope = await loadShopScope(prisma, shopId);
  if (!scope.customer) return null;
  return { ...scope, customer: scope.customer, customerPrefs: scope.customer.prefs };
}

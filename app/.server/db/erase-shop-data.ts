// Erases everything the app holds for one shop (shop/redact, and the purge 48 h after an uninstall;
// callers: lifecycle/shop-redact.ts and lifecycle/uninstall.ts).
// Every table with a shop column is listed here; tests/lifecycle/erase-shop.test.ts checks that no table
// with such a column is forgotten, so a new model cannot silently escape the erasure.
import type { PrismaClient } from "@prisma/client";

export interface EraseOptions {
  /** The job doing the erasure: deleting its own row would make the worker lose track of it. */
  keepJobId?: string;
  /** The shop/redact event itself is kept (domain + time only) as the record that we complied. */
  keepEventId?: string;
  /** Reinstall after the retention: the session just stored by the token exchange belongs to the new install. */
  keepSessions?: boolean;
}

export interface EraseResult {
  shopDeleted: boolean;
  /** The Whiplash customer was connected to this shop only, so its data went too. */
  customerDeleted: boolean;
}

export async function eraseShopData(prisma: PrismaClient, shopId: string, options: EraseOptions = {}): Promise<EraseResult> {
  const shop = await prisma.shop.findUnique({ where: { id: shopId }, select: { customerId: true } });
  const customerId = shop?.customerId ?? null;
  // A Whiplash customer with no other shop exists here only because of this shop: erase it too
  // (items, ship notices, encrypted Whiplash tokens). With another shop it stays (that shop needs it).
  const orphanCustomer =
    customerId !== null && (await prisma.shop.count({ where: { customerId, id: { not: shopId } } })) === 0;

  const keepJob = options.keepJobId ? { id: { not: options.keepJobId } } : {};
  const keepEvent = options.keepEventId ? { id: { not: options.keepEventId } } : {};
  await prisma.$transaction([
    ...(options.keepSessions ? [] : [prisma.session.deleteMany({ where: { shop: shopId } })]),
    prisma.pendingSync.deleteMany({ where: { shopId } }),
    prisma.syncRun.deleteMany({ where: { shopId } }),
    prisma.syncLog.deleteMany({ where: { shopId } }),
    prisma.shopifyLevel.deleteMany({ where: { shopId } }),
    prisma.inboundEvent.deleteMany({ where: { shopId, ...keepEvent } }),
    prisma.job.deleteMany({ where: { shopId, ...keepJob } }),
    prisma.reconcileDiscrepancy.deleteMany({ where: { shopId } }),
    prisma.reconcileReport.deleteMany({ where: { shopId } }),
    prisma.inFlightLine.deleteMany({ where: { shopId } }),
    prisma.inFlightOrder.deleteMany({ where: { shopId } }),
    // Leases are named "<purpose>:<shop>" (writer, token refresh); an expired one is harmless, a stale
    // one would block a reinstalled shop's writer until it expires.
    prisma.lease.deleteMany({ where: { name: { endsWith: `:${shopId}` } } }),
    // Cascades: WarehouseLocation, ItemLink, ItemSyncError, MatchIssue.
    prisma.shop.deleteMany({ where: { id: shopId } }),
    ...(orphanCustomer && customerId
      ? [
          prisma.inboundEvent.deleteMany({ where: { customerId, ...keepEvent } }),
          // Cascades: Item (stock, links, ship lines), ShipNotice, WebhookHealth.
          prisma.customer.deleteMany({ where: { id: customerId } }),
        ]
      : []),
  ]);
  return { shopDeleted: shop !== null, customerDeleted: orphanCustomer };
}

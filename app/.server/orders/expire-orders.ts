// Units in flight (rule 3.9) that Whiplash never confirms: an order Whiplash does not import (another
// fulfilment channel, an order held or archived in Shopify, a lost Whiplash event) would otherwise keep its
// units off Shopify for good. After IN_FLIGHT_ORDER_EXPIRY_HOURS (default 24) from when the app first saw
// it, the order leaves "in flight": one log line and one sync log row (decision IN_FLIGHT_EXPIRED) per
// order and item, and a pending sync for its items so the warehouse number is published again.
// Runs every 15 minutes as a self-rescheduling platform job (singleton: one waiting run across processes).
import { expireOrders } from "../db/in-flight-orders";
import { appendSyncLogs } from "../db/sync-log";
import { PLATFORM_JOBS } from "../jobs/registry";
import type { JobQueue } from "../jobs/types";
import type { PlatformDeps } from "../wiring/deps";
import { queueSyncs } from "./apply-shopify-orders";

export const DEFAULT_IN_FLIGHT_EXPIRY_HOURS = 24;
export const IN_FLIGHT_EXPIRY_EVERY_MS = 15 * 60_000;
const EXPIRY_KEY = "in-flight-expiry";

export function ensureInFlightExpiry(queue: Pick<JobQueue, "send">, now: Date, delayMs = IN_FLIGHT_EXPIRY_EVERY_MS): Promise<string | null> {
  return queue.send(PLATFORM_JOBS.inFlightExpiry, {}, { singletonKey: EXPIRY_KEY, startAfter: new Date(now.getTime() + delayMs) });
}

export interface ExpiryResult {
  expired: number;
  itemsToSync: number;
}

/** Expires open in-flight orders first seen more than `expiryHours` ago. */
export async function expireInFlightOrders(deps: PlatformDeps, expiryHours = DEFAULT_IN_FLIGHT_EXPIRY_HOURS): Promise<ExpiryResult> {
  const now = deps.now();
  const before = new Date(now.getTime() - expiryHours * 3600_000);
  const result: ExpiryResult = { expired: 0, itemsToSync: 0 };
  for (;;) {
    const expired = await expireOrders(deps.prisma, before, now);
    if (expired.length === 0) break;
    const byShop = new Map<string, Set<string>>();
    for (const o of expired) {
      result.expired++;
      deps.logger.warn("in-flight order expired: Whiplash never confirmed it", {
        shop: o.shopId,
        orderId: o.orderId,
        seenAt: o.seenAt.toISOString(),
        expiryHours,
        items: o.itemIds.length,
      });
      const set = byShop.get(o.shopId) ?? new Set<string>();
      for (const id of o.itemIds) set.add(id);
      byShop.set(o.shopId, set);
      await appendSyncLogs(
        deps.prisma,
        (o.itemIds.length > 0 ? o.itemIds : [null]).map((itemId) => ({
          shopId: o.shopId,
          itemId,
          locationId: null,
          trigger: "WEBHOOK" as const,
          decision: "IN_FLIGHT_EXPIRED",
          reason: "NOT_CONFIRMED_BY_WHIPLASH",
          error: `Shopify order ${o.orderId} was not imported by Whiplash within ${expiryHours} h: its units are no longer held back`,
          createdAt: now,
        })),
      );
    }
    for (const [shopId, ids] of byShop) if (ids.size > 0) result.itemsToSync += await queueSyncs(deps, shopId, [...ids]);
  }
  return result;
}

/** The periodic job: one expiry pass, then the next one 15 minutes later. */
export async function runInFlightExpiry(deps: PlatformDeps, expiryHours: number): Promise<ExpiryResult> {
  const result = await expireInFlightOrders(deps, expiryHours);
  await ensureInFlightExpiry(deps.queue, deps.now());
  return result;
}

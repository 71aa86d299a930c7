// Whiplash sent an order event: Whiplash has imported that order, so its units are in Whiplash's sellable
// quantity now and must no longer be subtracted as "in flight" (rule 3.9). The Whiplash order's
// originator id is the Shopify order id; an order from another channel (no originator id) is not ours.
import type { PrismaClient } from "@prisma/client";
import { confirmOrders } from "../db/in-flight-orders";
import { originatorOrderId, type OrderWhiplashEvent } from "../whiplash/payloads";

export async function confirmWhiplashOrder(
  prisma: PrismaClient,
  customerId: string,
  event: OrderWhiplashEvent,
  now: Date,
): Promise<{ outcome: "APPLIED" | "UNUSED"; detail: string }> {
  const orderId = originatorOrderId(event.order);
  if (!orderId) return { outcome: "UNUSED", detail: `Whiplash order ${event.order.id} has no Shopify originator id` };
  const shops = await prisma.shop.findMany({ where: { customerId }, select: { id: true } });
  const changed = await confirmOrders(prisma, shops.map((s) => s.id), [orderId], now);
  const items = [...changed.values()].reduce((n, ids) => n + ids.length, 0);
  return { outcome: "APPLIED", detail: `Shopify order ${orderId} imported by Whiplash (order ${event.order.id}): ${items} item(s) no longer in flight` };
}

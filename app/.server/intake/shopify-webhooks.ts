// What each Shopify webhook topic does once authenticate.webhook has checked its HMAC.
// Answers in milliseconds: only database writes happen here; anything slow is a job.
import type { PlatformDeps } from "../wiring/deps";
import { recordShopifyEvent, settleEvent } from "./inbound-events";
import { PLATFORM_JOBS } from "../jobs/registry";
import { setShopSessionsScope } from "../db/sessions";
import { TOPICS } from "./shopify-topics";
import { markShopUninstalled } from "../lifecycle/uninstall";
import { parseShopifyOrder } from "../shopify/order-payload";

/** The fields of authenticate.webhook's result that we use. Topics come upper-cased (APP_UNINSTALLED). */
export interface ShopifyWebhook {
  topic: string;
  shop: string;
  webhookId: string;
  payload: unknown;
  triggeredAt?: string;
}


const ok = () => new Response(null, { status: 200 });

function parseInstant(value: string | undefined): Date | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms);
}

/**
 * Routes call this with the topics their URL serves; a topic sent to the wrong URL is a configuration
 * error (shopify.app.toml), answered 400 so it shows up in Shopify's delivery metrics.
 */
export async function handleShopifyWebhook(deps: PlatformDeps, hook: ShopifyWebhook, allowed: readonly string[]): Promise<Response> {
  const log = deps.logger.child({ shop: hook.shop, topic: hook.topic, webhookId: hook.webhookId });
  if (!allowed.includes(hook.topic)) {
    log.warn("webhook topic not served by this route");
    return new Response("unexpected topic", { status: 400 });
  }
  switch (hook.topic) {
    case TOPICS.appUninstalled:
      return appUninstalled(deps, hook);
    case TOPICS.appScopesUpdate:
      return scopesUpdate(deps, hook);
    case TOPICS.inventoryLevelsUpdate:
      return queued(deps, hook, PLATFORM_JOBS.drift);
    case TOPICS.bulkOperationsFinish:
      return queued(deps, hook, PLATFORM_JOBS.reconcileCollect);
    case TOPICS.shopRedact:
      return queued(deps, hook, PLATFORM_JOBS.shopRedact);
    case TOPICS.ordersCreate:
    case TOPICS.ordersUpdated:
    case TOPICS.ordersCancelled:
    case TOPICS.ordersFulfilled:
      return orderQueued(deps, hook);
    case TOPICS.customersDataRequest:
    case TOPICS.customersRedact:
      return customerCompliance(deps, hook);
    default:
      log.warn("unhandled webhook topic");
      return new Response("unhandled topic", { status: 400 });
  }
}

/**
 * Stores the event and its job together. Drift and bulk-finish jobs are one per shop at a time
 * (singletonKey): a burst of inventory_levels/update after our own 250-item write becomes one job that
 * drains the shop's stored events in order, not thousands of jobs.
 */
async function queued(deps: PlatformDeps, hook: ShopifyWebhook, jobName: string): Promise<Response> {
  const perShop = jobName !== PLATFORM_JOBS.shopRedact;
  const { duplicate } = await recordShopifyEvent(
    deps.prisma,
    deps.queue,
    {
      topic: hook.topic,
      shop: hook.shop,
      webhookId: hook.webhookId,
      payload: hook.payload,
      job: {
        name: jobName,
        data: { shopId: hook.shop },
        // The redact job deliberately has no shopId: an uninstall's cancelByShop must never cancel it.
        options: perShop ? { singletonKey: hook.shop, shopId: hook.shop } : { singletonKey: `redact:${hook.shop}` },
      },
    },
    deps.now(),
  );
  if (duplicate) deps.logger.info("duplicate webhook delivery ignored", { shop: hook.shop, topic: hook.topic, webhookId: hook.webhookId });
  return ok();
}

/**
 * Order webhooks: only the order's ids and units are kept (the payload names the buyer, whom the app does
 * not store: docs/privacy.md); one job per shop at a time drains them (orders/apply-shopify-orders.ts).
 */
async function orderQueued(deps: PlatformDeps, hook: ShopifyWebhook): Promise<Response> {
  const order = parseShopifyOrder(hook.topic, hook.payload);
  if (!order) {
    deps.logger.warn("order webhook without an order id", { shop: hook.shop, topic: hook.topic, webhookId: hook.webhookId });
    const event = await recordShopifyEvent(deps.prisma, deps.queue, { ...hook, payload: null }, deps.now());
    if (!event.duplicate) await settleEvent(deps.prisma, event.eventId, "INVALID", "no order id", deps.now());
    return ok();
  }
  return queued(deps, { ...hook, payload: order }, PLATFORM_JOBS.inFlightOrders);
}

async function appUninstalled(deps: PlatformDeps, hook: ShopifyWebhook): Promise<Response> {
  // The payload is the Shop resource (owner's name, email, address, phone): keep only its id.
  const payload = { id: (hook.payload as { id?: unknown } | null)?.id ?? null, domain: hook.shop };
  const event = await recordShopifyEvent(deps.prisma, deps.queue, { ...hook, payload }, deps.now());
  // A delivery whose first attempt finished is applied once; one that crashed half-way (still PENDING)
  // is done again, which is safe because the uninstall is idempotent.
  if (event.duplicate && event.outcome !== "PENDING") return ok();
  const result = await markShopUninstalled(deps, hook.shop, parseInstant(hook.triggeredAt));
  await settleEvent(deps.prisma, event.eventId, result.outcome, result.detail, deps.now());
  return ok();
}

/** Keeps the stored offline session's scope current (what `scopes.query()` and our checks read). */
async function scopesUpdate(deps: PlatformDeps, hook: ShopifyWebhook): Promise<Response> {
  const event = await recordShopifyEvent(deps.prisma, deps.queue, { ...hook }, deps.now());
  if (event.duplicate && event.outcome !== "PENDING") return ok();
  const current = (hook.payload as { current?: unknown })?.current;
  if (!Array.isArray(current)) {
    await settleEvent(deps.prisma, event.eventId, "INVALID", "payload has no current scopes", deps.now());
    return ok();
  }
  const scope = current.map(String).join(",");
  const count = await setShopSessionsScope(deps.prisma, hook.shop, scope);
  if (!scope.includes("write_inventory")) {
    // Without it every write fails; the writer's userErrors will say so per item, this says why.
    deps.logger.warn("write_inventory scope no longer granted", { shop: hook.shop, scope });
  }
  await settleEvent(deps.prisma, event.eventId, count > 0 ? "APPLIED" : "UNUSED", count > 0 ? scope : "no session", deps.now());
  return ok();
}

/**
 * customers/data_request and customers/redact: the app stores no customer personal data (no orders,
 * customers, addresses; see docs/privacy.md), so there is nothing to export or erase. The payload names
 * a customer, so it is not stored: only the request's existence, for the record.
 */
async function customerCompliance(deps: PlatformDeps, hook: ShopifyWebhook): Promise<Response> {
  const event = await recordShopifyEvent(
    deps.prisma,
    deps.queue,
    { topic: hook.topic, shop: hook.shop, webhookId: hook.webhookId, payload: { shop_domain: hook.shop } },
    deps.now(),
  );
  if (!event.duplicate) {
    await settleEvent(deps.prisma, event.eventId, "APPLIED", "no customer personal data held", deps.now());
    deps.logger.info("customer privacy request: no customer data held", { shop: hook.shop, topic: hook.topic });
  }
  return ok();
}

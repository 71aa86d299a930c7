// Shopify-style webhook deliveries to the app: POST JSON with X-Shopify-* headers and an HMAC-SHA256
// (base64) of the raw body keyed with the app secret, exactly what @shopify/shopify-api validates.
// One attempt per event (Shopify retries failures for hours; tests want a deterministic single try).
import { createHmac, randomUUID } from "node:crypto";
import { gid } from "./ids";
import type { LevelRecord, ShopState, SimState, VariantRecord, WebhookDelivery } from "./state";

export const WEBHOOK_API_VERSION = "2026-07";

/** Default route for a topic: /webhooks/<topic>, e.g. /webhooks/inventory_levels/update. */
export function defaultWebhookPath(topic: string): string {
  return `/webhooks/${topic}`;
}

export function webhookHmac(secret: string, rawBody: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("base64");
}

/** Shopify webhook timestamps use the shop's UTC offset; the simulated shops run on UTC. */
function shopTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

export function inventoryLevelPayload(variant: VariantRecord, level: LevelRecord) {
  return {
    inventory_item_id: variant.inventoryItemId,
    location_id: level.locationId,
    available: level.available,
    updated_at: shopTime(level.updatedAt),
    admin_graphql_api_id: gid("InventoryLevel", level.locationId, { inventory_item_id: variant.inventoryItemId }),
  };
}

export interface WebhookConfig {
  appUrl: string;
  apiSecret: string;
  /** Topic -> path (or absolute URL); topics not listed use defaultWebhookPath. */
  paths: Record<string, string>;
  timeoutMs: number;
}

export class WebhookSender {
  private inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly state: SimState,
    readonly config: WebhookConfig,
  ) {}

  urlFor(topic: string): string {
    const path = this.config.paths[topic] ?? defaultWebhookPath(topic);
    return /^https?:\/\//.test(path) ? path : `${this.config.appUrl.replace(/\/$/, "")}${path}`;
  }

  /** Sends one webhook now, whatever the shop's webhook switch says, and records the delivery. */
  send(shop: string, topic: string, payload: unknown): Promise<WebhookDelivery> {
    const raw = JSON.stringify(payload);
    const id = randomUUID();
    const url = this.urlFor(topic);
    const delivery: WebhookDelivery = { id, at: Date.now(), shop, topic, url, status: null, ok: false, payload };
    this.state.webhookDeliveries.push(delivery);
    const promise = fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-Sha256": webhookHmac(this.config.apiSecret, raw),
        "X-Shopify-Shop-Domain": shop,
        "X-Shopify-Webhook-Id": id,
        "X-Shopify-Event-Id": randomUUID(),
        "X-Shopify-Triggered-At": new Date().toISOString(),
        "X-Shopify-API-Version": WEBHOOK_API_VERSION,
        "User-Agent": "Shopify-Captain-Hook",
      },
      body: raw,
      signal: AbortSignal.timeout(this.config.timeoutMs),
    })
      .then(async (res) => {
        delivery.status = res.status;
        delivery.ok = res.ok;
        await res.arrayBuffer().catch(() => undefined);
        return delivery;
      })
      .catch((error: Error) => {
        delivery.error = error.message;
        return delivery;
      });
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
    return promise;
  }

  /** Sends only when the shop has webhooks switched on (the default for tests is off). */
  maybeSend(shop: ShopState, topic: string, payload: () => unknown): void {
    if (shop.webhooksEnabled) void this.send(shop.domain, topic, payload());
  }

  /** Resolves when every delivery started so far has finished (tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }
}

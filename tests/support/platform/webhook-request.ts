// Builds a webhook request exactly as Shopify sends it: HMAC-SHA256 of the raw body, base64, keyed with
// the app secret, plus the X-Shopify-* headers authenticate.webhook requires.
import { createHmac, randomUUID } from "node:crypto";

export interface WebhookRequestInput {
  /** REST-style topic as Shopify sends it in X-Shopify-Topic, e.g. "app/uninstalled". */
  topic: string;
  shop: string;
  payload: unknown;
  path: string;
  webhookId?: string;
  triggeredAt?: string;
  secret?: string;
  /** Sign with this instead (a forged or corrupted signature). */
  hmac?: string;
  appUrl?: string;
}

export function signBody(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

export function webhookRequest(input: WebhookRequestInput): Request {
  const body = JSON.stringify(input.payload);
  const secret = input.secret ?? process.env.SHOPIFY_API_SECRET ?? "demo-api-secret";
  return new Request(new URL(input.path, input.appUrl ?? "http://127.0.0.1:3000"), {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": input.topic,
      "X-Shopify-Hmac-Sha256": input.hmac ?? signBody(body, secret),
      "X-Shopify-Shop-Domain": input.shop,
      "X-Shopify-API-Version": "2026-07",
      "X-Shopify-Webhook-Id": input.webhookId ?? randomUUID(),
      "X-Shopify-Triggered-At": input.triggeredAt ?? new Date().toISOString(),
    },
    body,
  });
}

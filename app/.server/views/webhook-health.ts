// The Whiplash webhook warning on Home and Settings: from the last stored check (lifecycle/
// webhook-health.ts) and the time the last signed webhook arrived. null: nothing to warn about (or
// not checked yet).
import type { PrismaClient } from "@prisma/client";
import { getWebhookHealth, WEBHOOK_TIME_RESOLUTION_MS, type WebhookHealthRecord } from "../db/webhook-health";

export interface WebhookWarning {
  kind: "check-failed" | "missing" | "silent";
  title: string;
  text: string;
  checkedAt: string;
  lastWebhookAt: string | null;
}

export function webhookWarning(health: WebhookHealthRecord | null, lastWebhookAt: Date | null): WebhookWarning | null {
  if (!health) return null;
  const base = { checkedAt: health.checkedAt.toISOString(), lastWebhookAt: lastWebhookAt?.toISOString() ?? null };
  if (health.error) {
    return { ...base, kind: "check-failed", title: "Whiplash webhooks could not be checked", text: health.error };
  }
  if (health.missing.length > 0) {
    return {
      ...base,
      kind: "missing",
      title: "Whiplash webhooks are missing",
      text:
        `Whiplash has no active subscription for ${health.missing.length} event(s) this app needs (${health.missing.join(", ")}), ` +
        "so warehouse changes such as received ship notices do not reach Shopify. Repair re-creates them.",
    };
  }
  // Whiplash changed items after our last webhook, long enough ago that the webhook should be here; a
  // webhook received after that change clears the warning before the next check.
  if (health.unseenActivityAt && (!lastWebhookAt || lastWebhookAt.getTime() + WEBHOOK_TIME_RESOLUTION_MS < health.unseenActivityAt.getTime())) {
    return {
      ...base,
      kind: "silent",
      title: "No webhooks are arriving from Whiplash",
      text:
        "Whiplash reports item changes that never reached this app as webhooks, so Shopify may show old quantities. " +
        "Repair checks the subscriptions at Whiplash and re-creates what is missing.",
    };
  }
  return null;
}

export async function loadWebhookWarning(prisma: PrismaClient, customer: { id: string; lastWebhookAt: Date | null }): Promise<WebhookWarning | null> {
  return webhookWarning(await getWebhookHealth(prisma, customer.id), customer.lastWebhookAt);
}

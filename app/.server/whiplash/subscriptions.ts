// The app's Whiplash webhook subscriptions for a customer: created on connect (import) and checked
// again by the health job (lifecycle/webhook-health.ts). Whiplash subscriptions reference events by
// numeric id, so the names are looked up in /notification_events first; names Whiplash does not offer
// (our ship-notice names are unconfirmed) are reported back, not invented.
import type { WhiplashClient } from "./client";
import { ITEM_EVENTS, ORDER_EVENTS, SHIP_NOTICE_EVENTS, SHIP_NOTICE_ITEM_EVENTS } from "./payloads";

export const SUBSCRIBED_EVENTS = [...ITEM_EVENTS, ...SHIP_NOTICE_EVENTS, ...SHIP_NOTICE_ITEM_EVENTS, ...ORDER_EVENTS];

/** Where Whiplash sends our webhooks: the app's public URL + the intake route. */
export function whiplashWebhookEndpoint(appUrl: string): string {
  return `${appUrl.replace(/\/$/, "")}/webhooks/whiplash`;
}

export interface SubscriptionCheck {
  /** Events with an active subscription to our endpoint. */
  active: string[];
  /** Events that had none (missing, switched off or discarded) when checked. */
  missing: string[];
  /** Of those, the ones re-created by this check. */
  recreated: string[];
  /** Events Whiplash does not offer under these names. */
  unavailable: string[];
}

type SubscriptionClient = Pick<
  WhiplashClient,
  "listNotificationEvents" | "listNotificationSubscriptions" | "createNotificationSubscription" | "deleteNotificationSubscription"
>;

/**
 * Compares the customer's subscriptions with what we need (every event, to `endpoint`, active) and, with
 * `repair`, re-creates the missing ones. A switched-off subscription of ours is deleted first: creating
 * the same event and endpoint again could otherwise hand back the dead one.
 */
export async function checkWebhookSubscriptions(client: SubscriptionClient, endpoint: string, options: { repair: boolean }): Promise<SubscriptionCheck> {
  const events = await client.listNotificationEvents();
  const idByName = new Map(events.map((e) => [e.name, e.id]));
  const ours = (await client.listNotificationSubscriptions()).filter((s) => s.endpoint === endpoint);
  const isLive = (s: (typeof ours)[number]) => s.active !== false && !s.discarded_at;
  const result: SubscriptionCheck = { active: [], missing: [], recreated: [], unavailable: [] };
  for (const name of SUBSCRIBED_EVENTS) {
    const id = idByName.get(name);
    if (id === undefined) {
      result.unavailable.push(name);
      continue;
    }
    const mine = ours.filter((s) => s.notification_event_id === id);
    if (mine.some(isLive)) {
      result.active.push(name);
      continue;
    }
    result.missing.push(name);
    if (!options.repair) continue;
    for (const dead of mine) await client.deleteNotificationSubscription(dead.id);
    await client.createNotificationSubscription(id, endpoint);
    result.recreated.push(name);
  }
  return result;
}

/** On connect: subscribe to every event we use (what already exists is left alone). */
export async function ensureWebhookSubscriptions(
  client: SubscriptionClient,
  endpoint: string,
): Promise<{ created: string[]; existing: string[]; unavailable: string[] }> {
  const check = await checkWebhookSubscriptions(client, endpoint, { repair: true });
  return { created: check.recreated, existing: check.active, unavailable: check.unavailable };
}

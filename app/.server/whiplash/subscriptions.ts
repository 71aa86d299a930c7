// Creates the app's Whiplash webhook subscriptions for a customer (on connect). Whiplash subscriptions
// reference events by numeric id, so the names are looked up in /notification_events first; names
// Whiplash does not offer (our ship-notice names are unconfirmed) are reported back, not invented.
import type { WhiplashClient } from "./client";
import { ITEM_EVENTS, SHIP_NOTICE_EVENTS, SHIP_NOTICE_ITEM_EVENTS } from "./payloads";

export const SUBSCRIBED_EVENTS = [...ITEM_EVENTS, ...SHIP_NOTICE_EVENTS, ...SHIP_NOTICE_ITEM_EVENTS];

export async function ensureWebhookSubscriptions(
  client: WhiplashClient,
  endpoint: string,
): Promise<{ created: string[]; existing: string[]; unavailable: string[] }> {
  const events = await client.listNotificationEvents();
  const idByName = new Map(events.map((e) => [e.name, e.id]));
  const current = await client.listNotificationSubscriptions();
  const have = new Set(current.filter((s) => s.endpoint === endpoint).map((s) => s.notification_event_id));
  const result = { created: [] as string[], existing: [] as string[], unavailable: [] as string[] };
  for (const name of SUBSCRIBED_EVENTS) {
    const id = idByName.get(name);
    if (id === undefined) result.unavailable.push(name);
    else if (have.has(id)) result.existing.push(name);
    else {
      await client.createNotificationSubscription(id, endpoint);
      result.created.push(name);
    }
  }
  return result;
}

import { describe, expect, it } from "vitest";
import { parseWhiplashWebhook } from "./payloads";

describe("parseWhiplashWebhook", () => {
  it("accepts a full item event, tolerating numeric strings and unknown fields", () => {
    const r = parseWhiplashWebhook({
      event_name: "item.inventory_changed",
      item: { id: "12", customer_id: 7, sku: "SKU-1", quantity: "5", available: true, updated_at: "2026-01-01T10:00:00-05:00", whatever: { x: 1 } },
    });
    expect(r.status).toBe("known");
    if (r.status !== "known" || r.event.kind !== "item") throw new Error("unreachable");
    expect(r.whiplashCustomerId).toBe(7);
    expect(r.event.item.id).toBe(12);
    expect(r.event.item.quantity).toBe(5);
    expect(r.event.item.updated_at).toBe("2026-01-01T15:00:00.000Z");
    expect((r.event.item as Record<string, unknown>).whatever).toEqual({ x: 1 });
  });

  it("takes the customer from the envelope when the resource lacks it", () => {
    const r = parseWhiplashWebhook({ event_name: "item.out_of_stock", customer_id: 3, item: { id: 1 } });
    expect(r).toMatchObject({ status: "known", whiplashCustomerId: 3 });
  });

  it("refuses known events of the wrong shape, saying why", () => {
    expect(parseWhiplashWebhook({ event_name: "item.inventory_changed", item: { id: "abc", customer_id: 1 } })).toMatchObject({
      status: "invalid",
      reason: expect.stringContaining("item.id"),
    });
    expect(parseWhiplashWebhook({ event_name: "item.inventory_changed", item: "nope" }).status).toBe("invalid");
    expect(parseWhiplashWebhook({ event_name: "item.inventory_changed", item: { id: 1, customer_id: 1, quantity: 1.5 } }).status).toBe("invalid");
    expect(parseWhiplashWebhook({ event_name: "item.inventory_changed", item: { id: 1 } })).toMatchObject({
      status: "invalid",
      reason: "customer_id missing",
    });
    expect(parseWhiplashWebhook({ event_name: "item.inventory_changed", item: { id: 1, customer_id: 1, updated_at: "yesterday-ish" } }).status).toBe(
      "invalid",
    );
  });

  it("refuses bodies that are not events", () => {
    expect(parseWhiplashWebhook([1, 2]).status).toBe("invalid");
    expect(parseWhiplashWebhook("x").status).toBe("invalid");
    expect(parseWhiplashWebhook({ item: {} }).status).toBe("invalid");
  });

  it("marks unknown event names as unknown (stored, acknowledged), with their customer when given", () => {
    // order.* events are known since issue 13 (Whiplash importing a Shopify order); a bundle event is not.
    expect(parseWhiplashWebhook({ event_name: "bundle.created", bundle: { id: 1, customer_id: 9 } })).toEqual({
      status: "unknown",
      eventName: "bundle.created",
      whiplashCustomerId: 9,
    });
  });

  it("parses ship-notice and ship-notice line events", () => {
    const notice = parseWhiplashWebhook({
      event_name: "shipnotice.items_received",
      shipnotice: {
        id: 5,
        customer_id: 2,
        warehouse_id: 1,
        status: 200,
        updated_at: "2026-01-01T00:00:00Z",
        shipnotice_items: [{ id: 51, item_id: 9, quantity: 10, quantity_good: 4, include_in_published: false }],
      },
    });
    expect(notice).toMatchObject({ status: "known", whiplashCustomerId: 2 });
    const line = parseWhiplashWebhook({
      event_name: "shipnotice_item.published",
      shipnotice_item: { id: 51, item_id: 9, shipnotice_id: 5, customer_id: 2, quantity: 10, include_in_published: true },
    });
    expect(line).toMatchObject({ status: "known", whiplashCustomerId: 2 });
  });
});

// The item page's Summary card, told the way the writer will act (issue 14, item 4): a skipped item says
// what WOULD be published and that nothing is sent, with the reason; "Shopify shows" is Shopify's own
// number for every matched item (read live when the page loads, else the last level we know from our
// writes or inventory_levels/update), with its age, so a merchant can compare the two where it matters.
import type { ItemDetail } from "./item-detail";

/** One location as read live from the Admin API on page load. */
export interface LiveLevel {
  locationId: string;
  name: string;
  available: number | null;
  onHand: number | null;
}

export interface ItemSummary {
  /** True when the next change is written to Shopify; false when it is skipped. */
  sends: boolean;
  /** Rule 3.5 summed over the item's locations: what is (or would be) published. null: no location. */
  publishTotal: number | null;
  /** For a skip: why nothing is sent (the domain's sentence). */
  notSentBecause: string | null;
  shopify: {
    /** Shopify's available quantity at the item's locations (all locations when it maps to none). null: unknown. */
    total: number | null;
    /** live: read on this page load; known: the last level we hold; null: nothing known. */
    source: "live" | "known" | null;
    /** When that number was read or last known (ISO). */
    at: string | null;
    /** The locations counted. */
    scope: "item-locations" | "all-locations";
  };
}

export function summarizeItem(d: ItemDetail, live: LiveLevel[] | null, now: Date): ItemSummary {
  const sends = d.decision === "sync";
  const own = d.locations.map((l) => l.locationId);
  const scope: ItemSummary["shopify"]["scope"] = own.length > 0 ? "item-locations" : "all-locations";
  const counted = (locationId: string) => scope === "all-locations" || own.includes(locationId);
  let shopify: Omit<ItemSummary["shopify"], "scope"> = { total: null, source: null, at: null };
  const liveValues = (live ?? []).filter((l) => counted(l.locationId) && l.available !== null).map((l) => l.available as number);
  if (live && liveValues.length > 0) {
    shopify = { total: liveValues.reduce((n, q) => n + q, 0), source: "live", at: now.toISOString() };
  } else {
    // Not readable just now (or the variant is not stocked there): the last level we know, with its time.
    const known = d.levels.filter((l) => counted(l.locationId) && l.knownQuantity !== null);
    if (known.length > 0) {
      const at = known.map((l) => l.knownAt ?? l.writtenAt).filter((t): t is string => t !== null).sort()[0] ?? null;
      shopify = { total: known.reduce((n, l) => n + (l.knownQuantity as number), 0), source: "known", at };
    } else if (live) {
      shopify = { total: null, source: "live", at: now.toISOString() };
    }
  }
  return {
    sends,
    publishTotal: d.publishTotal,
    notSentBecause: sends ? null : d.reasonText,
    shopify: { ...shopify, scope },
  };
}

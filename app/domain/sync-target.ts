// The one place that turns "an item, its link, its shop, its customer and a trigger" into what the app
// would do: the decision of rule 3.2 (with NO_LOCATION when an eligible item maps to no Shopify
// location) and, per location, the warehouses that feed it and the quantity of rule 3.5 (3.4: a sell-out
// publishes its final quantity) less the units of Shopify orders Whiplash has not imported yet (rule 3.9).
// The writer obeys it at send time; every page, the extensions, drift and reconciliation show it.
import { availableAfterOrders, inFlightAt } from "./in-flight";
import { decideSync } from "./sync-decision";
import { locationsForItem, quantityToPublish, selloutFinalQuantity, warehousesOfItem } from "./quantity";
import type { CustomerPrefs, Decision, ItemLinkState, ItemState, ShopPrefs, SyncTrigger } from "./types";

export interface SyncTargetInput {
  shop: ShopPrefs;
  customer: CustomerPrefs;
  item: ItemState;
  /** The item's variant in this shop; null when no variant matched its SKU. */
  link: ItemLinkState | null;
  trigger: SyncTrigger;
}

export interface LocationTarget {
  locationId: string;
  /** The item's warehouses that publish to this location (empty for an item with no warehouse yet). */
  warehouseIds: number[];
  /** Rules 3.5 and 3.9 at this location. Also computed for skips: it is what would be published. */
  quantity: number;
  /** Units of open Shopify orders Whiplash has not imported yet, subtracted from `quantity` (rule 3.9). */
  unitsInFlight: number;
}

export interface SyncTarget {
  /** Rule 3.2; an eligible item that maps to no location is a NO_LOCATION skip. */
  decision: Decision;
  /** Every location the item maps to, ascending by first warehouse (see locationsForItem). */
  locations: LocationTarget[];
}

export function syncTarget({ shop, customer, item, link, trigger }: SyncTargetInput): SyncTarget {
  const ruled = decideSync({ shop, customer, item, link, trigger });
  // A sell-out's own sync publishes the sell-out's final quantity, not stock that arrived after it (3.4).
  const quantityAt = ruled.kind === "sync" && ruled.reason === "SELLOUT_FINAL" ? selloutFinalQuantity : quantityToPublish;
  const locations: LocationTarget[] = [];
  for (const [locationId, warehouseIds] of locationsForItem(shop, warehousesOfItem(item))) {
    const unitsInFlight = inFlightAt(link?.unitsInFlight, locationId);
    const quantity = availableAfterOrders(quantityAt(item, customer, warehouseIds), unitsInFlight);
    locations.push({ locationId, warehouseIds, quantity, unitsInFlight });
  }
  const decision: Decision =
    ruled.kind === "sync" && locations.length === 0
      ? { kind: "skip", reason: "NO_LOCATION", effective: ruled.effective, settingFrom: ruled.settingFrom }
      : ruled;
  return { decision, locations };
}

/** The target at one location, or undefined when the item no longer publishes there. */
export function targetAt(target: SyncTarget, locationId: string): LocationTarget | undefined {
  return target.locations.find((l) => l.locationId === locationId);
}

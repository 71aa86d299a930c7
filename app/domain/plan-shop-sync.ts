// The plan for one shop (rules 3.2, 3.5, 3.6): which (item, location) quantities to write and which syncs
// to skip, with reasons. Pure: the writer loads items, links and known levels, calls this, sends `writes`
// in batches and logs both lists.
import { decideSync, isForcedTrigger } from "./sync-decision";
import { locationsForItem, quantityToPublish, warehousesOfItem } from "./quantity";
import type {
  CustomerPrefs,
  ItemLinkState,
  ItemState,
  PlannedSkip,
  PlannedWrite,
  ShopPrefs,
  SyncTrigger,
} from "./types";

export { isForcedTrigger } from "./sync-decision";

export interface PlanEntry {
  itemId: string;
  item: ItemState;
  link: ItemLinkState | null;
  /** What we last knew Shopify shows, by location id (null or missing: unknown). */
  known: Record<string, number | null>;
}

export interface PlanShopSyncInput {
  shop: ShopPrefs;
  customer: CustomerPrefs;
  trigger: SyncTrigger;
  entries: PlanEntry[];
}

export interface ShopSyncPlan {
  writes: PlannedWrite[];
  skips: PlannedSkip[];
}

/**
 * For each item (the last entry wins if an item is listed twice, so no (inventory item, location) pair is
 * written twice in one plan):
 *  - the decision of rule 3.2; a skip is reported once per location the item maps to (with the quantity it
 *    would have had), or once with location null when it maps to none;
 *  - an eligible item with no location is skipped as NO_LOCATION;
 *  - per location, the quantity of rule 3.5; it is written when it differs from what Shopify last showed
 *    (unknown counts as different), or always for MANUAL / BULK triggers (rule 3.6); otherwise UNCHANGED.
 */
export function planShopSync({ shop, customer, trigger, entries }: PlanShopSyncInput): ShopSyncPlan {
  const forced = isForcedTrigger(trigger);
  const byItem = new Map<string, PlanEntry>();
  for (const entry of entries) {
    byItem.delete(entry.itemId); // keep the position of the last occurrence
    byItem.set(entry.itemId, entry);
  }

  const writes: PlannedWrite[] = [];
  const skips: PlannedSkip[] = [];
  for (const { itemId, item, link, known } of byItem.values()) {
    const decision = decideSync({ shop, customer, item, link, trigger });
    const locations = locationsForItem(shop, warehousesOfItem(item));

    if (decision.kind === "skip") {
      if (locations.size === 0) skips.push({ itemId, locationId: null, reason: decision.reason, quantity: null });
      for (const [locationId, warehouses] of locations) {
        skips.push({ itemId, locationId, reason: decision.reason, quantity: quantityToPublish(item, customer, warehouses) });
      }
      continue;
    }
    if (locations.size === 0 || link === null) {
      skips.push({ itemId, locationId: null, reason: "NO_LOCATION", quantity: null });
      continue;
    }
    for (const [locationId, warehouses] of locations) {
      const quantity = quantityToPublish(item, customer, warehouses);
      const before = known[locationId] ?? null;
      if (!forced && before === quantity) {
        skips.push({ itemId, locationId, reason: "UNCHANGED", quantity });
        continue;
      }
      writes.push({ itemId, inventoryItemId: link.inventoryItemId, locationId, quantity, before, reason: decision.reason });
    }
  }
  return { writes, skips };
}

// Rule 3.5: the quantity published to one Shopify location, and rule 3.2's location mapping.
import { effectiveSetting } from "./sync-decision";
import { units } from "./stock";
import type { CustomerPrefs, ItemState, ShipLineState, ShopPrefs } from "./types";

export { totalSellable } from "./stock";

/** Units of a ship-notice line still to arrive: expected - receivedGood - damaged, floored at 0. */
export function unreceivedQuantity(line: ShipLineState): number {
  return units(units(line.expected) - units(line.receivedGood) - units(line.damaged));
}

/** Units a published, not-completed line adds ahead of arrival (0 when not published or completed). */
export function publishedInbound(line: ShipLineState): number {
  return line.publish && !line.completed ? unreceivedQuantity(line) : 0;
}

/** Buffer in units: the item's override, else the customer default. */
export function bufferFor(item: ItemState, customer: CustomerPrefs): number {
  return units(item.bufferOverride ?? customer.defaultBuffer);
}

/**
 * Rule 3.5, for the warehouses that feed one Shopify location:
 *   sellable at those warehouses (each floored at 0)
 * + published, not-yet-received ship-notice line quantities at those warehouses (not for completed notices;
 *   none at all when the effective setting is NEVER)
 * - buffer (item override, else customer default), floored at 0.
 * The buffer is held back at each location the item is published to (with the standard single-location
 * setup that is once per item).
 */
export function quantityToPublish(item: ItemState, customer: CustomerPrefs, warehouseIds: number[]): number {
  const wanted = new Set(warehouseIds);
  let quantity = 0;
  for (const id of wanted) quantity += units(item.sellableByWarehouse[id] ?? 0);
  // Whiplash: "Never ... will also affect publishing quantities to your shop during ship notices".
  // Whiplash's item flag `include_inbound_in_published` off: no inbound units at all (null: not reported, the
  // lines' own publish flags decide).
  if (effectiveSetting(item.syncSetting, customer.defaultSyncSetting) !== "NEVER" && item.whiplashIncludeInbound !== false) {
    for (const line of item.shipLines) if (wanted.has(line.warehouseId)) quantity += publishedInbound(line);
  }
  return Math.max(0, quantity - bufferFor(item, customer));
}

/**
 * Rule 3.4: the quantity a sell-out publishes at one location: rule 3.5 with no sellable stock at any
 * warehouse (what the item had when it sold out), whatever stock arrived since. Published ship-notice
 * lines and the buffer count as in rule 3.5, so an unmoved sell-out publishes exactly quantityToPublish.
 */
export function selloutFinalQuantity(item: ItemState, customer: CustomerPrefs, warehouseIds: number[]): number {
  const none: Record<number, number> = {};
  for (const id of Object.keys(item.sellableByWarehouse)) none[Number(id)] = 0;
  return quantityToPublish({ ...item, sellableByWarehouse: none }, customer, warehouseIds);
}

/** Every warehouse the item has stock rows or ship-notice lines at, ascending. */
export function warehousesOfItem(item: ItemState): number[] {
  const ids = new Set<number>();
  for (const key of Object.keys(item.sellableByWarehouse)) ids.add(Number(key));
  for (const line of item.shipLines) ids.add(line.warehouseId);
  return [...ids].sort((a, b) => a - b);
}

/**
 * Groups warehouses by the Shopify location they publish to. Warehouses without an explicit mapping go to
 * the shop's default location; without one they are dropped. An item with no warehouse yet maps to the
 * default location with no warehouses (quantity 0 there). An empty map means "no location" (NO_LOCATION).
 */
export function locationsForItem(shop: ShopPrefs, warehouseIds: number[]): Map<string, number[]> {
  const result = new Map<string, number[]>();
  if (warehouseIds.length === 0) {
    if (shop.defaultLocationId) result.set(shop.defaultLocationId, []);
    return result;
  }
  for (const id of [...new Set(warehouseIds)].sort((a, b) => a - b)) {
    const locationId = shop.warehouseLocations[id] ?? shop.defaultLocationId;
    if (!locationId) continue;
    const list = result.get(locationId);
    if (list) list.push(id);
    else result.set(locationId, [id]);
  }
  return result;
}

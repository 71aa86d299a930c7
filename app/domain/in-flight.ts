// Rule 3.9: units in flight. A customer's order lowers Shopify's `available` at once; Whiplash lowers its
// sellable quantity only when it imports the order, minutes later. Until then the warehouse's number
// still counts those units, so publishing it would offer them again. The units ordered in Shopify that
// Whiplash has not imported yet are subtracted (docs/decisions/0009-in-flight-orders.md).
import { units } from "./stock";

/**
 * available = warehouse quantity to publish (rule 3.5, buffer already held back) - units in flight at that
 * location, never below 0. Negative or fractional inputs count as whole non-negative units: a bad count
 * must never raise what we publish.
 */
export function availableAfterOrders(warehouseQuantity: number, unitsInFlight: number): number {
  return Math.max(0, units(warehouseQuantity) - units(unitsInFlight));
}

/** Units in flight at one location, from a link's per-location map (missing: none). */
export function inFlightAt(unitsInFlight: Readonly<Record<string, number>> | undefined, locationId: string): number {
  return units(unitsInFlight?.[locationId] ?? 0);
}

// Which syncs to write and which to skip, with reasons (rules 3.2, 3.5, 3.6), for one shop. Pure, and the
// only planner: the shop writer calls it at send time for its pending rows (one location each), and the
// merchant's commands call it when a person asks ("Sync now", bulk, a settings change) for whole items.
// Both go through syncTarget, so the decision shown anywhere is the decision the writer obeys.
import { isForcedTrigger } from "./sync-decision";
import { syncTarget, targetAt } from "./sync-target";
import type { CustomerPrefs, ItemLinkState, ItemState, PlannedSkip, PlannedWrite, ShopPrefs, SyncTrigger } from "./types";

export interface SyncRequest {
  itemId: string;
  item: ItemState;
  link: ItemLinkState | null;
  /** What we last knew Shopify shows, by location id (null or missing: unknown). */
  known: Record<string, number | null>;
  trigger: SyncTrigger;
  /** Only this location (a queued pending sync). Omitted: every location the item maps to. */
  locationId?: string;
  /** Write even when Shopify already shows the quantity (set on pending rows a person forced). */
  force?: boolean;
}

export type PlannedWriteOf<R> = PlannedWrite & { request: R };
export type PlannedSkipOf<R> = PlannedSkip & { request: R };

export interface SyncPlan<R extends SyncRequest = SyncRequest> {
  writes: PlannedWriteOf<R>[];
  skips: PlannedSkipOf<R>[];
}

/**
 * For each request (a later request for the same item and location replaces an earlier one, so no
 * (inventory item, location) pair is written twice in one plan):
 *  - a skip decision is reported once per location concerned, with the quantity it would have had, or
 *    once with location null when the item maps to none;
 *  - an eligible item that maps to no location, or a queued location the item no longer maps to, is
 *    skipped as NO_LOCATION;
 *  - otherwise the quantity of rule 3.5 is written when it differs from what Shopify last showed
 *    (unknown counts as different), or always when forced (rule 3.6); else UNCHANGED.
 */
export function planSyncs<R extends SyncRequest>(shop: ShopPrefs, customer: CustomerPrefs, requests: readonly R[]): SyncPlan<R> {
  const latest = new Map<string, R>();
  for (const request of requests) {
    const key = `${request.itemId}\u0000${request.locationId ?? ""}`;
    latest.delete(key); // keep the position of the last occurrence
    latest.set(key, request);
  }

  const plan: SyncPlan<R> = { writes: [], skips: [] };
  for (const request of latest.values()) {
    const { itemId, item, link, known, trigger, locationId } = request;
    const target = syncTarget({ shop, customer, item, link, trigger });

    const locations = locationId === undefined ? target.locations : [targetAt(target, locationId)];
    if (target.decision.kind === "skip") {
      if (locationId !== undefined) addSkip(plan, request, target.decision.reason, locationId, locations[0]?.quantity ?? null);
      else if (locations.length === 0) addSkip(plan, request, target.decision.reason, null, null);
      else for (const l of target.locations) addSkip(plan, request, target.decision.reason, l.locationId, l.quantity);
      continue;
    }
    const forced = request.force === true || isForcedTrigger(trigger);
    for (const location of locations) {
      // The queued location no longer receives any of the item's warehouses.
      if (!location || !link) {
        addSkip(plan, request, "NO_LOCATION", locationId ?? null, null);
        continue;
      }
      const before = known[location.locationId] ?? null;
      if (!forced && before === location.quantity) {
        addSkip(plan, request, "UNCHANGED", location.locationId, location.quantity);
        continue;
      }
      plan.writes.push({
        itemId,
        inventoryItemId: link.inventoryItemId,
        locationId: location.locationId,
        quantity: location.quantity,
        before,
        reason: target.decision.reason,
        request,
      });
    }
  }
  return plan;
}

// Module-level rather than a closure per request: the worker runs under tsx, whose transform names every
// closure when it is created (a defineProperty each time), measurable on a 200,000-item pass.
function addSkip<R extends SyncRequest>(plan: SyncPlan<R>, request: R, reason: PlannedSkip["reason"], locationId: string | null, quantity: number | null): void {
  plan.skips.push({ itemId: request.itemId, locationId, reason, quantity, request });
}

// Re-decides each pending sync at send time with the domain core (rules 3.2, 3.5, 3.6): the queued
// `wanted` quantity is only a hint; settings and stock may have changed since it was queued.
import { decideSync, isForcedTrigger, locationsForItem, quantityToPublish, warehousesOfItem } from "../../domain";
import type { SyncReason } from "../../domain/types";
import type { DecisionContext, PendingRow, SyncOutcome } from "./writer-store";

export interface WriteEntry {
  row: PendingRow;
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  before: number | null;
  reason: SyncReason;
  /** Set once we activated the item at the location after ITEM_NOT_STOCKED_AT_LOCATION. */
  activated?: boolean;
}

export interface Evaluation {
  writes: WriteEntry[];
  /** Skips (with their reason), decided without calling Shopify. */
  settled: SyncOutcome[];
}

export function evaluatePending(rows: PendingRow[], context: DecisionContext): Evaluation {
  const writes: WriteEntry[] = [];
  const settled: SyncOutcome[] = [];
  const skip = (row: PendingRow, reason: Extract<SyncOutcome, { kind: "skipped" }>["reason"], quantity: number | null = null) =>
    settled.push({ kind: "skipped", row, reason, quantity });

  for (const row of rows) {
    const { shop, customer } = context;
    // A shop that is gone or not connected to a customer has nothing it may publish.
    if (!shop || !customer) {
      skip(row, "STORE_SYNC_OFF");
      continue;
    }
    const input = context.items.get(row.itemId);
    if (!input) {
      skip(row, "UNMATCHED");
      continue;
    }
    const { item, link, known } = input;
    const decision = decideSync({ shop, customer, item, link, trigger: row.trigger });
    const warehouses = locationsForItem(shop, warehousesOfItem(item)).get(row.locationId);
    if (decision.kind === "skip") {
      skip(row, decision.reason, warehouses ? quantityToPublish(item, customer, warehouses) : null);
      continue;
    }
    // The location this row was queued for no longer receives any of the item's warehouses.
    if (!warehouses || !link) {
      skip(row, "NO_LOCATION");
      continue;
    }
    const quantity = quantityToPublish(item, customer, warehouses);
    const before = known[row.locationId] ?? null;
    if (!row.force && !isForcedTrigger(row.trigger) && before === quantity) {
      skip(row, "UNCHANGED", quantity);
      continue;
    }
    writes.push({ row, inventoryItemId: link.inventoryItemId, locationId: row.locationId, quantity, before, reason: decision.reason });
  }
  return { writes, settled };
}

// The writer's side of the one planner: pending rows re-decided at send time by the domain's planSyncs
// (rules 3.2, 3.5, 3.6). The queued `wanted` quantity is only a hint; settings and stock may have changed
// since the row was queued. Only what the domain cannot know is decided here: a shop that is gone or not
// connected, and a row whose item is no longer matched in this shop.
import { planSyncs, type SyncRequest } from "../../../domain";
import type { SyncReason } from "../../../domain/types";
import type { DecisionContext, PendingRow, SyncOutcome } from "../../db/writer-store";

export interface WriteEntry {
  row: PendingRow;
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  before: number | null;
  reason: SyncReason;
  /** Set once we activated the item at the location after ITEM_NOT_STOCKED_AT_LOCATION. */
  activated?: boolean;
  /** How many times this entry was refused as CHANGE_FROM_QUANTITY_STALE and re-decided. */
  staleRetries?: number;
}

export interface Evaluation {
  writes: WriteEntry[];
  /** Skips (with their reason), decided without calling Shopify. */
  settled: SyncOutcome[];
}

type RowRequest = SyncRequest & { row: PendingRow };

export function evaluatePending(rows: PendingRow[], context: DecisionContext): Evaluation {
  const settled: SyncOutcome[] = [];
  const { shop, customer } = context;
  const requests: RowRequest[] = [];
  for (const row of rows) {
    // A shop that is gone or not connected to a customer has nothing it may publish.
    if (!shop || !customer) {
      settled.push({ kind: "skipped", row, reason: "STORE_SYNC_OFF", quantity: null });
      continue;
    }
    const input = context.items.get(row.itemId);
    if (!input) {
      settled.push({ kind: "skipped", row, reason: "UNMATCHED", quantity: null });
      continue;
    }
    requests.push({ itemId: row.itemId, ...input, trigger: row.trigger, locationId: row.locationId, force: row.force, row });
  }
  if (!shop || !customer) return { writes: [], settled };
  const plan = planSyncs(shop, customer, requests);
  for (const s of plan.skips) settled.push({ kind: "skipped", row: s.request.row, reason: s.reason, quantity: s.quantity });
  const writes = plan.writes.map(
    (w): WriteEntry => ({ row: w.request.row, inventoryItemId: w.inventoryItemId, locationId: w.locationId, quantity: w.quantity, before: w.before, reason: w.reason }),
  );
  return { writes, settled };
}

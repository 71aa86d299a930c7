// How our writes look to Shopify. Every inventorySetQuantities input is built here and nowhere else.
import type {
  InventoryQuantityInput,
  InventorySetQuantitiesInput,
} from "../../shopify/operations/inventory-set-quantities";

/** We set the quantity a merchant can sell: the warehouse's sellable stock (DESIGN.md 3.5). */
export const QUANTITY_NAME = "available" as const;

/**
 * One of Shopify's allowed reasons. "correction" is what a system of record making Shopify match the
 * warehouse count is doing (others: cycle_count_available, received, restock, ... do not fit).
 */
export const SET_QUANTITIES_REASON = "correction";

/** Shown in the merchant's inventory history next to each change we make. */
export function referenceDocumentUri(runId: string): string {
  return `gid://whiplash-sync/SyncRun/${runId}`;
}

/**
 * Compare-and-swap (rule 3.9): `changeFromQuantity` is the level we last knew at that location (from our
 * last write, a read or a webhook). If Shopify moved since (a customer's order lowered `available`, a
 * merchant edited it), Shopify refuses that entry with CHANGE_FROM_QUANTITY_STALE instead of letting an
 * older warehouse number overwrite a sale; the writer re-reads the level, re-decides and retries that item.
 * `before` is null only when we know nothing of the level (first write to it): then there is nothing to
 * compare with, and the explicit null (omitting the field is an error since 2026-04) writes regardless,
 * as a system of record may.
 */
export function quantityInput(inventoryItemId: string, locationId: string, quantity: number, before: number | null): InventoryQuantityInput {
  return { inventoryItemId, locationId, quantity, changeFromQuantity: before };
}

export function setQuantitiesInput(
  runId: string,
  quantities: { inventoryItemId: string; locationId: string; quantity: number; before: number | null }[],
): InventorySetQuantitiesInput {
  return {
    name: QUANTITY_NAME,
    reason: SET_QUANTITIES_REASON,
    referenceDocumentUri: referenceDocumentUri(runId),
    quantities: quantities.map((q) => quantityInput(q.inventoryItemId, q.locationId, q.quantity, q.before)),
  };
}

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

export function quantityInput(inventoryItemId: string, locationId: string, quantity: number): InventoryQuantityInput {
  return {
    inventoryItemId,
    locationId,
    quantity,
    // The warehouse is the system of record for these quantities: we set them whatever Shopify shows
    // now, so we opt out of compare-and-swap with an explicit null (omitting it is an error since
    // 2026-04). A CAS value would make every concurrent sale in Shopify fail our write as stale, and
    // we would re-send the same warehouse number anyway. Drift is detected separately.
    changeFromQuantity: null,
  };
}

export function setQuantitiesInput(
  runId: string,
  quantities: { inventoryItemId: string; locationId: string; quantity: number }[],
): InventorySetQuantitiesInput {
  return {
    name: QUANTITY_NAME,
    reason: SET_QUANTITIES_REASON,
    referenceDocumentUri: referenceDocumentUri(runId),
    quantities: quantities.map((q) => quantityInput(q.inventoryItemId, q.locationId, q.quantity)),
  };
}

// Re-reads one level after CHANGE_FROM_QUANTITY_STALE (rule 3.9): Shopify's `available` moved since we last
// knew it (an order, a merchant's edit), so the writer reads it, re-decides and retries that item only.
// Result type generated from the document (npm run graphql-codegen -> app/types/admin.generated.d.ts).
import type { InventoryLevelReadQuery } from "../../../types/admin.generated";

export const INVENTORY_LEVEL_READ_QUERY = `#graphql
  query InventoryLevelRead($inventoryItemId: ID!, $locationId: ID!) {
    inventoryItem(id: $inventoryItemId) {
      id
      inventoryLevel(locationId: $locationId) {
        quantities(names: ["available"]) {
          name
          quantity
        }
      }
    }
  }
`;

export type InventoryLevelReadData = InventoryLevelReadQuery;

/** The level's `available`, or null when the item is gone or not stocked there. */
export function availableOf(data: InventoryLevelReadData): number | null {
  const q = data.inventoryItem?.inventoryLevel?.quantities.find((x) => x.name === "available");
  return q ? q.quantity : null;
}

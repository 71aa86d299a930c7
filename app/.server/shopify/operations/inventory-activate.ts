// Stocks an inventory item at a location (needed before its quantity there can be set, after
// ITEM_NOT_STOCKED_AT_LOCATION). Idempotent like the other inventory mutations since 2026-04.
// Result types are generated from the documents (npm run graphql-codegen -> app/types/admin.generated.d.ts).
import type { InventoryActivateMutation } from "../../../types/admin.generated";

export const INVENTORY_ACTIVATE_MUTATION = `#graphql
  mutation InventoryActivate($inventoryItemId: ID!, $locationId: ID!, $key: String!) {
    inventoryActivate(inventoryItemId: $inventoryItemId, locationId: $locationId) @idempotent(key: $key) {
      inventoryLevel {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export type InventoryActivateData = InventoryActivateMutation;

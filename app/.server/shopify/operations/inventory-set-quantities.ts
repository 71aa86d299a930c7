// Sets `available` quantities (we are the system of record: see app/.server/sync/writer/inventory-input.ts).
// The selection is kept minimal: every selected object adds to the requested cost Shopify charges.
export const INVENTORY_SET_QUANTITIES_MUTATION = `#graphql
  mutation InventorySetQuantities($input: InventorySetQuantitiesInput!, $key: String!) {
    inventorySetQuantities(input: $input) @idempotent(key: $key) {
      inventoryAdjustmentGroup {
        id
      }
      userErrors {
        code
        field
        message
      }
    }
  }
`;

export interface InventoryQuantityInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  changeFromQuantity: number | null;
}

export interface InventorySetQuantitiesInput {
  name: "available" | "on_hand";
  reason: string;
  referenceDocumentUri: string;
  quantities: InventoryQuantityInput[];
}

export type InventorySetQuantitiesUserErrorCode =
  | "CHANGE_FROM_QUANTITY_STALE"
  | "COMPARE_QUANTITY_REQUIRED"
  | "COMPARE_QUANTITY_STALE"
  | "IDEMPOTENCY_CONCURRENT_REQUEST"
  | "IDEMPOTENCY_KEY_PARAMETER_MISMATCH"
  | "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED"
  | "INVALID_INVENTORY_ITEM"
  | "INVALID_LOCATION"
  | "INVALID_NAME"
  | "INVALID_QUANTITY_NEGATIVE"
  | "INVALID_QUANTITY_TOO_HIGH"
  | "INVALID_QUANTITY_TOO_LOW"
  | "INVALID_REASON"
  | "INVALID_REFERENCE_DOCUMENT"
  | "ITEM_NOT_STOCKED_AT_LOCATION"
  | "NON_MUTABLE_INVENTORY_ITEM"
  | "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR";

export interface InventorySetQuantitiesUserError {
  code: InventorySetQuantitiesUserErrorCode | null;
  field: string[] | null;
  message: string;
}

export interface InventorySetQuantitiesData {
  inventorySetQuantities: {
    inventoryAdjustmentGroup: { id: string } | null;
    userErrors: InventorySetQuantitiesUserError[];
  } | null;
}

// Sets `available` quantities (we are the system of record: see app/.server/sync/writer/inventory-input.ts).
// The selection is kept minimal: every selected object adds to the requested cost Shopify charges.
// Result types are generated from the documents (npm run graphql-codegen -> app/types/admin.generated.d.ts).
import type { InventorySetQuantitiesMutation } from "../../../types/admin.generated";

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

export type { InventoryQuantityInput, InventorySetQuantitiesInput, InventorySetQuantitiesUserErrorCode } from "../../../types/admin.types";

/** One entry of userErrors as selected above (code, field, message). */
export type InventorySetQuantitiesUserError = NonNullable<InventorySetQuantitiesMutation["inventorySetQuantities"]>["userErrors"][number];

export type InventorySetQuantitiesData = InventorySetQuantitiesMutation;

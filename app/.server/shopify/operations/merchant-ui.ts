// Admin API documents used by the merchant UI (app/routes/app.*.tsx, app/.server/bulk, lifecycle/default-location.ts).
// Result types are generated from the documents (npm run graphql-codegen -> app/types/admin.generated.d.ts).
import type { UiInventoryItemLevelsQuery, UiLocationsQuery, UiProductSavedSearchesQuery } from "../../../types/admin.generated";

/** Settings and Home: the shop's locations and plan; Home also reads the throttle status from its cost. */
export const UI_LOCATIONS_QUERY = `#graphql
  query UiLocations {
    shop {
      name
      myshopifyDomain
    }
    location {
      id
    }
    locations(first: 100) {
      nodes {
        id
        name
        isActive
      }
    }
  }
`;

export type UiLocationsData = UiLocationsQuery;

/** Item page: what Shopify shows now for the variant at every location. */
export const UI_INVENTORY_ITEM_LEVELS_QUERY = `#graphql
  query UiInventoryItemLevels($id: ID!) {
    inventoryItem(id: $id) {
      id
      tracked
      inventoryLevels(first: 50) {
        nodes {
          location {
            id
            name
          }
          quantities(names: ["available", "on_hand"]) {
            name
            quantity
          }
        }
      }
    }
  }
`;

export type UiInventoryItemLevelsData = UiInventoryItemLevelsQuery;

/** Bulk sync page: the shop's saved product searches. */
export const UI_PRODUCT_SAVED_SEARCHES_QUERY = `#graphql
  query UiProductSavedSearches {
    productSavedSearches(first: 100) {
      nodes {
        id
        name
        query
      }
    }
  }
`;

export type UiProductSavedSearchesData = UiProductSavedSearchesQuery;

/**
 * The bulk query reading every variant of a saved product search (bulk queries take no variables, so the
 * saved search id is written into the document). Example for schema validation below.
 */
export function savedSearchVariantsBulkQuery(savedSearchId: string): string {
  return `{
  products(savedSearchId: ${JSON.stringify(savedSearchId)}) {
    edges {
      node {
        id
        variants {
          edges {
            node {
              id
              sku
              inventoryItem {
                id
              }
            }
          }
        }
      }
    }
  }
}`;
}

export const UI_SAVED_SEARCH_BULK_QUERY_EXAMPLE = `query SavedSearchVariantsExample ${savedSearchVariantsBulkQuery("gid://shopify/SavedSearch/1")}`;

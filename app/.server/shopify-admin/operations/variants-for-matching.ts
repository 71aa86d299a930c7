// Reads a shop's variants for SKU matching (Whiplash item <-> Shopify variant), 250 per page.
// Cost: 250 variants x (variant + product + inventoryItem) stays under the 1000-point single-query limit.
// Catalogs too large to page through comfortably should use a bulk operation (bulkOperationRunQuery
// with the same fields) instead; see app/.server/sync/match-skus.ts.
export const VARIANTS_FOR_MATCHING_QUERY = `#graphql
  query VariantsForMatching($first: Int!, $after: String) {
    productVariants(first: $first, after: $after) {
      nodes {
        id
        title
        sku
        product {
          id
          title
        }
        inventoryItem {
          id
          tracked
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export interface VariantForMatching {
  id: string;
  title: string;
  sku: string | null;
  product: { id: string; title: string };
  inventoryItem: { id: string; tracked: boolean };
}

export interface VariantsForMatchingData {
  productVariants: {
    nodes: VariantForMatching[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

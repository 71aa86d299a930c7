// Reads a shop's variants for SKU matching (Whiplash item <-> Shopify variant), 250 per page.
// Cost: 250 variants x (variant + product + inventoryItem) stays under the 1000-point single-query limit.
// Catalogs above a size threshold are read with one bulk operation instead (VARIANTS_FOR_MATCHING_BULK_QUERY,
// same fields, JSONL result); the choice is made from VARIANTS_FOR_MATCHING_COUNT_QUERY. See
// app/.server/catalog/read-variants.ts.
// Result types are generated from the documents (npm run graphql-codegen -> app/types/admin.generated.d.ts).
import type { VariantsForMatchingCountQuery, VariantsForMatchingQuery } from "../../../types/admin.generated";

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

export type VariantsForMatchingData = VariantsForMatchingQuery;
export type VariantForMatching = VariantsForMatchingQuery["productVariants"]["nodes"][number];

/**
 * How many variants the shop has, capped at `limit` (Shopify's default cap is 10,000; above the cap the
 * answer is `{ count: limit, precision: AT_LEAST }`), to choose between paging and a bulk operation.
 */
export const VARIANTS_FOR_MATCHING_COUNT_QUERY = `#graphql
  query VariantsForMatchingCount($limit: Int) {
    productVariantsCount(limit: $limit) {
      count
      precision
    }
  }
`;

export type VariantsForMatchingCountData = VariantsForMatchingCountQuery;

/**
 * The same fields as VARIANTS_FOR_MATCHING_QUERY as a bulk query (run through bulkOperationRunQuery):
 * no `first`/`after`, one top-level connection and no nested connection, so each JSONL line is one
 * VariantForMatching (product and inventoryItem are plain objects, inlined in the line).
 */
export const VARIANTS_FOR_MATCHING_BULK_QUERY = `#graphql
  query VariantsForMatchingBulk {
    productVariants {
      edges {
        node {
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
      }
    }
  }
`;

// The product details block lists the product's variants, including those whose SKU matches no
// Whiplash item (the app only stores matched ones). The first 100 only: a block listing more would be
// unreadable, and the query stays far below the 1000-point limit (products can have up to 2048 variants).
// Result types are generated from the documents (npm run graphql-codegen -> app/types/admin.generated.d.ts).
import type { ProductSyncVariantsQuery } from "../../../types/admin.generated";

export const PRODUCT_SYNC_VARIANTS_QUERY = `#graphql
  query ProductSyncVariants($id: ID!) {
    product(id: $id) {
      id
      variants(first: 100) {
        nodes {
          id
          title
          sku
          inventoryItem {
            id
            tracked
          }
        }
      }
    }
  }
`;

export type ProductSyncVariantsData = ProductSyncVariantsQuery;

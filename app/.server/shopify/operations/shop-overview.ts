// Result types are generated from the documents (npm run graphql-codegen -> app/types/admin.generated.d.ts).
import type { ShopOverviewQuery } from "../../../types/admin.generated";

export const SHOP_OVERVIEW_QUERY = `#graphql
  query ShopOverview {
    shop {
      name
      myshopifyDomain
      plan {
        displayName
        shopifyPlus
      }
    }
    locations(first: 50) {
      nodes {
        id
        name
        isActive
      }
    }
    productsCount {
      count
      precision
    }
  }
`;

export type ShopOverview = ShopOverviewQuery;

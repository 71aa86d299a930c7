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

export type ShopOverview = {
  shop: { name: string; myshopifyDomain: string; plan: { displayName: string; shopifyPlus: boolean } };
  locations: { nodes: { id: string; name: string; isActive: boolean }[] };
  productsCount: { count: number; precision: string } | null;
};

/* eslint-disable eslint-comments/disable-enable-pair */
/* eslint-disable eslint-comments/no-unlimited-disable */
/* eslint-disable */
import type * as AdminTypes from './admin.types.js';

export type BulkOperationRunQueryMutationVariables = AdminTypes.Exact<{
  query: AdminTypes.Scalars['String']['input'];
}>;


export type BulkOperationRunQueryMutation = { bulkOperationRunQuery: AdminTypes.Maybe<{ bulkOperation: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status'>>, userErrors: Array<Pick<AdminTypes.BulkOperationUserError, 'code' | 'field' | 'message'>> }> };

export type BulkOperationStatusQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type BulkOperationStatusQuery = { bulkOperation: AdminTypes.Maybe<Pick<AdminTypes.BulkOperation, 'id' | 'status' | 'errorCode' | 'objectCount' | 'url' | 'partialDataUrl'>> };

export type InventoryActivateMutationVariables = AdminTypes.Exact<{
  inventoryItemId: AdminTypes.Scalars['ID']['input'];
  locationId: AdminTypes.Scalars['ID']['input'];
  key: AdminTypes.Scalars['String']['input'];
}>;


export type InventoryActivateMutation = { inventoryActivate: AdminTypes.Maybe<{ inventoryLevel: AdminTypes.Maybe<Pick<AdminTypes.InventoryLevel, 'id'>>, userErrors: Array<Pick<AdminTypes.UserError, 'field' | 'message'>> }> };

export type InventoryLevelReadQueryVariables = AdminTypes.Exact<{
  inventoryItemId: AdminTypes.Scalars['ID']['input'];
  locationId: AdminTypes.Scalars['ID']['input'];
}>;


export type InventoryLevelReadQuery = { inventoryItem: AdminTypes.Maybe<(
    Pick<AdminTypes.InventoryItem, 'id'>
    & { inventoryLevel: AdminTypes.Maybe<{ quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }> }
  )> };

export type InventorySetQuantitiesMutationVariables = AdminTypes.Exact<{
  input: AdminTypes.InventorySetQuantitiesInput;
  key: AdminTypes.Scalars['String']['input'];
}>;


export type InventorySetQuantitiesMutation = { inventorySetQuantities: AdminTypes.Maybe<{ inventoryAdjustmentGroup: AdminTypes.Maybe<Pick<AdminTypes.InventoryAdjustmentGroup, 'id'>>, userErrors: Array<Pick<AdminTypes.InventorySetQuantitiesUserError, 'code' | 'field' | 'message'>> }> };

export type UiLocationsQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type UiLocationsQuery = { shop: Pick<AdminTypes.Shop, 'name' | 'myshopifyDomain'>, location: AdminTypes.Maybe<Pick<AdminTypes.Location, 'id'>>, locations: { nodes: Array<Pick<AdminTypes.Location, 'id' | 'name' | 'isActive'>> } };

export type UiInventoryItemLevelsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type UiInventoryItemLevelsQuery = { inventoryItem: AdminTypes.Maybe<(
    Pick<AdminTypes.InventoryItem, 'id' | 'tracked'>
    & { inventoryLevels: { nodes: Array<{ location: Pick<AdminTypes.Location, 'id' | 'name'>, quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> }> } }
  )> };

export type UiProductSavedSearchesQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type UiProductSavedSearchesQuery = { productSavedSearches: { nodes: Array<Pick<AdminTypes.SavedSearch, 'id' | 'name' | 'query'>> } };

export type ProductSyncVariantsQueryVariables = AdminTypes.Exact<{
  id: AdminTypes.Scalars['ID']['input'];
}>;


export type ProductSyncVariantsQuery = { product: AdminTypes.Maybe<(
    Pick<AdminTypes.Product, 'id'>
    & { variants: { nodes: Array<(
        Pick<AdminTypes.ProductVariant, 'id' | 'title' | 'sku'>
        & { inventoryItem: Pick<AdminTypes.InventoryItem, 'id' | 'tracked'> }
      )> } }
  )> };

export type ReconcileLevelsQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ReconcileLevelsQuery = { inventoryItems: { edges: Array<{ node: (
        Pick<AdminTypes.InventoryItem, 'id' | 'tracked'>
        & { inventoryLevels: { edges: Array<{ node: { location: Pick<AdminTypes.Location, 'id'>, quantities: Array<Pick<AdminTypes.InventoryQuantity, 'name' | 'quantity'>> } }> } }
      ) }> } };

export type ShopOverviewQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type ShopOverviewQuery = { shop: (
    Pick<AdminTypes.Shop, 'name' | 'myshopifyDomain'>
    & { plan: Pick<AdminTypes.ShopPlan, 'displayName' | 'shopifyPlus'> }
  ), locations: { nodes: Array<Pick<AdminTypes.Location, 'id' | 'name' | 'isActive'>> }, productsCount: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count' | 'precision'>> };

export type VariantsForMatchingQueryVariables = AdminTypes.Exact<{
  first: AdminTypes.Scalars['Int']['input'];
  after?: AdminTypes.InputMaybe<AdminTypes.Scalars['String']['input']>;
}>;


export type VariantsForMatchingQuery = { productVariants: { nodes: Array<(
      Pick<AdminTypes.ProductVariant, 'id' | 'title' | 'sku'>
      & { product: Pick<AdminTypes.Product, 'id' | 'title'>, inventoryItem: Pick<AdminTypes.InventoryItem, 'id' | 'tracked'> }
    )>, pageInfo: Pick<AdminTypes.PageInfo, 'hasNextPage' | 'endCursor'> } };

export type VariantsForMatchingCountQueryVariables = AdminTypes.Exact<{
  limit?: AdminTypes.InputMaybe<AdminTypes.Scalars['Int']['input']>;
}>;


export type VariantsForMatchingCountQuery = { productVariantsCount: AdminTypes.Maybe<Pick<AdminTypes.Count, 'count' | 'precision'>> };

export type VariantsForMatchingBulkQueryVariables = AdminTypes.Exact<{ [key: string]: never; }>;


export type VariantsForMatchingBulkQuery = { productVariants: { edges: Array<{ node: (
        Pick<AdminTypes.ProductVariant, 'id' | 'title' | 'sku'>
        & { product: Pick<AdminTypes.Product, 'id' | 'title'>, inventoryItem: Pick<AdminTypes.InventoryItem, 'id' | 'tracked'> }
      ) }> } };

interface GeneratedQueryTypes {
  "#graphql\n  query BulkOperationStatus($id: ID!) {\n    bulkOperation(id: $id) {\n      id\n      status\n      errorCode\n      objectCount\n      url\n      partialDataUrl\n    }\n  }\n": {return: BulkOperationStatusQuery, variables: BulkOperationStatusQueryVariables},
  "#graphql\n  query InventoryLevelRead($inventoryItemId: ID!, $locationId: ID!) {\n    inventoryItem(id: $inventoryItemId) {\n      id\n      inventoryLevel(locationId: $locationId) {\n        quantities(names: [\"available\"]) {\n          name\n          quantity\n        }\n      }\n    }\n  }\n": {return: InventoryLevelReadQuery, variables: InventoryLevelReadQueryVariables},
  "#graphql\n  query UiLocations {\n    shop {\n      name\n      myshopifyDomain\n    }\n    location {\n      id\n    }\n    locations(first: 100) {\n      nodes {\n        id\n        name\n        isActive\n      }\n    }\n  }\n": {return: UiLocationsQuery, variables: UiLocationsQueryVariables},
  "#graphql\n  query UiInventoryItemLevels($id: ID!) {\n    inventoryItem(id: $id) {\n      id\n      tracked\n      inventoryLevels(first: 50) {\n        nodes {\n          location {\n            id\n            name\n          }\n          quantities(names: [\"available\", \"on_hand\"]) {\n            name\n            quantity\n          }\n        }\n      }\n    }\n  }\n": {return: UiInventoryItemLevelsQuery, variables: UiInventoryItemLevelsQueryVariables},
  "#graphql\n  query UiProductSavedSearches {\n    productSavedSearches(first: 100) {\n      nodes {\n        id\n        name\n        query\n      }\n    }\n  }\n": {return: UiProductSavedSearchesQuery, variables: UiProductSavedSearchesQueryVariables},
  "#graphql\n  query ProductSyncVariants($id: ID!) {\n    product(id: $id) {\n      id\n      variants(first: 100) {\n        nodes {\n          id\n          title\n          sku\n          inventoryItem {\n            id\n            tracked\n          }\n        }\n      }\n    }\n  }\n": {return: ProductSyncVariantsQuery, variables: ProductSyncVariantsQueryVariables},
  "#graphql\n  query ReconcileLevels {\n    inventoryItems {\n      edges {\n        node {\n          id\n          tracked\n          inventoryLevels {\n            edges {\n              node {\n                location {\n                  id\n                }\n                quantities(names: [\"available\"]) {\n                  name\n                  quantity\n                }\n              }\n            }\n          }\n        }\n      }\n    }\n  }\n": {return: ReconcileLevelsQuery, variables: ReconcileLevelsQueryVariables},
  "#graphql\n  query ShopOverview {\n    shop {\n      name\n      myshopifyDomain\n      plan {\n        displayName\n        shopifyPlus\n      }\n    }\n    locations(first: 50) {\n      nodes {\n        id\n        name\n        isActive\n      }\n    }\n    productsCount {\n      count\n      precision\n    }\n  }\n": {return: ShopOverviewQuery, variables: ShopOverviewQueryVariables},
  "#graphql\n  query VariantsForMatching($first: Int!, $after: String) {\n    productVariants(first: $first, after: $after) {\n      nodes {\n        id\n        title\n        sku\n        product {\n          id\n          title\n        }\n        inventoryItem {\n          id\n          tracked\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": {return: VariantsForMatchingQuery, variables: VariantsForMatchingQueryVariables},
  "#graphql\n  query VariantsForMatchingCount($limit: Int) {\n    productVariantsCount(limit: $limit) {\n      count\n      precision\n    }\n  }\n": {return: VariantsForMatchingCountQuery, variables: VariantsForMatchingCountQueryVariables},
  "#graphql\n  query VariantsForMatchingBulk {\n    productVariants {\n      edges {\n        node {\n          id\n          title\n          sku\n          product {\n            id\n            title\n          }\n          inventoryItem {\n            id\n            tracked\n          }\n        }\n      }\n    }\n  }\n": {return: VariantsForMatchingBulkQuery, variables: VariantsForMatchingBulkQueryVariables},
}

interface GeneratedMutationTypes {
  "#graphql\n  mutation BulkOperationRunQuery($query: String!) {\n    bulkOperationRunQuery(query: $query) {\n      bulkOperation {\n        id\n        status\n      }\n      userErrors {\n        code\n        field\n        message\n      }\n    }\n  }\n": {return: BulkOperationRunQueryMutation, variables: BulkOperationRunQueryMutationVariables},
  "#graphql\n  mutation InventoryActivate($inventoryItemId: ID!, $locationId: ID!, $key: String!) {\n    inventoryActivate(inventoryItemId: $inventoryItemId, locationId: $locationId) @idempotent(key: $key) {\n      inventoryLevel {\n        id\n      }\n      userErrors {\n        field\n        message\n      }\n    }\n  }\n": {return: InventoryActivateMutation, variables: InventoryActivateMutationVariables},
  "#graphql\n  mutation InventorySetQuantities($input: InventorySetQuantitiesInput!, $key: String!) {\n    inventorySetQuantities(input: $input) @idempotent(key: $key) {\n      inventoryAdjustmentGroup {\n        id\n      }\n      userErrors {\n        code\n        field\n        message\n      }\n    }\n  }\n": {return: InventorySetQuantitiesMutation, variables: InventorySetQuantitiesMutationVariables},
}
declare module '@shopify/admin-api-client' {
  type InputMaybe<T> = AdminTypes.InputMaybe<T>;
  interface AdminQueries extends GeneratedQueryTypes {}
  interface AdminMutations extends GeneratedMutationTypes {}
}

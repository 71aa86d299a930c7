// The simulator's Admin API schema: a faithful SUBSET of Shopify's Admin GraphQL API 2026-07 (same
// type, field and argument names, types and nullability). schema-compat.test.ts checks every element
// here against Shopify's published schema. Add what the app needs; never invent names.
export const ADMIN_SDL = /* GraphQL */ `
schema {
  query: QueryRoot
  mutation: Mutation
}

directive @idempotent(key: String!) on FIELD

scalar DateTime
scalar URL
scalar UnsignedInt64
scalar Money

interface Node {
  id: ID!
}

interface LegacyInteroperability {
  legacyResourceId: UnsignedInt64!
}

interface DisplayableError {
  field: [String!]
  message: String!
}

type PageInfo {
  endCursor: String
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
}

type Count {
  count: Int!
  precision: CountPrecision!
}

enum CountPrecision {
  AT_LEAST
  EXACT
}

type UserError implements DisplayableError {
  field: [String!]
  message: String!
}

type QueryRoot {
  shop: Shop!
  locations(
    after: String
    before: String
    first: Int
    includeInactive: Boolean = false
    includeLegacy: Boolean = false
    last: Int
    query: String
    reverse: Boolean = false
    sortKey: LocationSortKeys = NAME
  ): LocationConnection!
  location(id: ID): Location
  products(
    after: String
    before: String
    first: Int
    last: Int
    query: String
    reverse: Boolean = false
    savedSearchId: ID
    sortKey: ProductSortKeys = ID
  ): ProductConnection!
  productsCount(limit: Int = 10000, query: String, savedSearchId: ID): Count
  product(id: ID!): Product
  productVariants(
    after: String
    before: String
    first: Int
    last: Int
    query: String
    reverse: Boolean = false
    savedSearchId: ID
    sortKey: ProductVariantSortKeys = ID
  ): ProductVariantConnection!
  productVariantsCount(limit: Int = 10000, query: String): Count
  productVariant(id: ID!): ProductVariant
  inventoryItem(id: ID!): InventoryItem
  inventoryItems(
    after: String
    before: String
    first: Int
    last: Int
    query: String
    reverse: Boolean = false
  ): InventoryItemConnection!
  inventoryLevel(id: ID!): InventoryLevel
  productSavedSearches(after: String, before: String, first: Int, last: Int, reverse: Boolean = false): SavedSearchConnection!
  node(id: ID!): Node
  nodes(ids: [ID!]!): [Node]!
  currentBulkOperation(type: BulkOperationType = QUERY): BulkOperation
    @deprecated(reason: "Use \`bulkOperations\` with status filter instead.")
  bulkOperation(id: ID!): BulkOperation
  bulkOperations(
    after: String
    before: String
    first: Int
    last: Int
    query: String
    reverse: Boolean = false
    sortKey: BulkOperationsSortKeys = CREATED_AT
  ): BulkOperationConnection!
}

type Mutation {
  inventorySetQuantities(input: InventorySetQuantitiesInput!): InventorySetQuantitiesPayload
  inventoryActivate(
    available: Int
    inventoryItemId: ID!
    locationId: ID!
    onHand: Int
    stockAtLegacyLocation: Boolean = false
  ): InventoryActivatePayload
  bulkOperationRunQuery(groupObjects: Boolean! = false, query: String!): BulkOperationRunQueryPayload
  bulkOperationCancel(id: ID!): BulkOperationCancelPayload
}

type Shop implements Node {
  contactEmail: String!
  createdAt: DateTime!
  email: String!
  ianaTimezone: String!
  id: ID!
  myshopifyDomain: String!
  name: String!
  plan: ShopPlan!
  timezoneAbbreviation: String!
  updatedAt: DateTime!
  url: URL!
}

type ShopPlan {
  displayName: String! @deprecated(reason: "Use \`publicDisplayName\` instead.")
  partnerDevelopment: Boolean!
  publicDisplayName: String!
  shopifyPlus: Boolean!
}

enum LocationSortKeys {
  ID
  NAME
  RELEVANCE
}

type Location implements LegacyInteroperability & Node {
  activatable: Boolean!
  createdAt: DateTime!
  deactivatable: Boolean!
  deletable: Boolean!
  fulfillsOnlineOrders: Boolean!
  hasActiveInventory: Boolean!
  id: ID!
  inventoryLevel(includeInactive: Boolean = false, inventoryItemId: ID!): InventoryLevel
  inventoryLevels(
    after: String
    before: String
    first: Int
    includeInactive: Boolean = false
    last: Int
    query: String
    reverse: Boolean = false
  ): InventoryLevelConnection!
  isActive: Boolean!
  isFulfillmentService: Boolean!
  legacyResourceId: UnsignedInt64!
  name: String!
  shipsInventory: Boolean!
  updatedAt: DateTime!
}

type LocationConnection {
  edges: [LocationEdge!]!
  nodes: [Location!]!
  pageInfo: PageInfo!
}

type LocationEdge {
  cursor: String!
  node: Location!
}

enum ProductStatus {
  ACTIVE
  ARCHIVED
  DRAFT
  UNLISTED
}

enum ProductSortKeys {
  CREATED_AT
  ID
  INVENTORY_TOTAL
  PRODUCT_TYPE
  PUBLISHED_AT
  RELEVANCE
  TITLE
  UPDATED_AT
  VENDOR
}

enum ProductVariantSortKeys {
  FULL_TITLE
  ID
  INVENTORY_LEVELS_AVAILABLE
  INVENTORY_MANAGEMENT
  INVENTORY_POLICY
  INVENTORY_QUANTITY
  NAME
  POPULAR
  POSITION
  RELEVANCE
  SKU
  TITLE
}

enum ProductVariantInventoryPolicy {
  CONTINUE
  DENY
}

type Product implements LegacyInteroperability & Node {
  createdAt: DateTime!
  handle: String!
  hasOnlyDefaultVariant: Boolean!
  id: ID!
  legacyResourceId: UnsignedInt64!
  productType: String!
  status: ProductStatus!
  tags: [String!]!
  title: String!
  totalInventory: Int!
  tracksInventory: Boolean!
  updatedAt: DateTime!
  variants(
    after: String
    before: String
    first: Int
    last: Int
    reverse: Boolean = false
    sortKey: ProductVariantSortKeys = POSITION
  ): ProductVariantConnection!
  variantsCount: Count
  vendor: String!
}

type ProductConnection {
  edges: [ProductEdge!]!
  nodes: [Product!]!
  pageInfo: PageInfo!
}

type ProductEdge {
  cursor: String!
  node: Product!
}

type ProductVariant implements LegacyInteroperability & Node {
  availableForSale: Boolean!
  barcode: String
  createdAt: DateTime!
  displayName: String!
  id: ID!
  inventoryItem: InventoryItem!
  inventoryPolicy: ProductVariantInventoryPolicy!
  inventoryQuantity: Int
  legacyResourceId: UnsignedInt64!
  position: Int!
  price: Money!
  product: Product!
  sku: String
  title: String!
  updatedAt: DateTime!
}

type ProductVariantConnection {
  edges: [ProductVariantEdge!]!
  nodes: [ProductVariant!]!
  pageInfo: PageInfo!
}

type ProductVariantEdge {
  cursor: String!
  node: ProductVariant!
}

type InventoryItem implements LegacyInteroperability & Node {
  createdAt: DateTime!
  duplicateSkuCount: Int!
  id: ID!
  inventoryHistoryUrl: URL
  inventoryLevel(includeInactive: Boolean = false, locationId: ID!): InventoryLevel
  inventoryLevels(
    after: String
    before: String
    first: Int
    includeInactive: Boolean = false
    last: Int
    query: String
    reverse: Boolean = false
  ): InventoryLevelConnection!
  legacyResourceId: UnsignedInt64!
  locationsCount: Count
  requiresShipping: Boolean!
  sku: String
  tracked: Boolean!
  updatedAt: DateTime!
  variant: ProductVariant! @deprecated(reason: "Use \`variants\` instead.")
  variants(after: String, before: String, first: Int, last: Int): ProductVariantConnection
}

type InventoryItemConnection {
  edges: [InventoryItemEdge!]!
  nodes: [InventoryItem!]!
  pageInfo: PageInfo!
}

type InventoryItemEdge {
  cursor: String!
  node: InventoryItem!
}

type InventoryLevel implements Node {
  canDeactivate: Boolean!
  createdAt: DateTime!
  id: ID!
  isActive: Boolean!
  item: InventoryItem!
  location: Location!
  quantities(names: [String!]!): [InventoryQuantity!]!
  updatedAt: DateTime!
}

type InventoryLevelConnection {
  edges: [InventoryLevelEdge!]!
  nodes: [InventoryLevel!]!
  pageInfo: PageInfo!
}

type InventoryLevelEdge {
  cursor: String!
  node: InventoryLevel!
}

type InventoryQuantity implements Node {
  id: ID!
  name: String!
  quantity: Int!
  updatedAt: DateTime
}

input InventorySetQuantitiesInput {
  name: String!
  quantities: [InventoryQuantityInput!]!
  reason: String!
  referenceDocumentUri: String
}

input InventoryQuantityInput {
  changeFromQuantity: Int
  inventoryItemId: ID!
  locationId: ID!
  quantity: Int!
}

type InventorySetQuantitiesPayload {
  inventoryAdjustmentGroup: InventoryAdjustmentGroup
  userErrors: [InventorySetQuantitiesUserError!]!
}

type InventorySetQuantitiesUserError implements DisplayableError {
  code: InventorySetQuantitiesUserErrorCode
  field: [String!]
  message: String!
}

enum InventorySetQuantitiesUserErrorCode {
  CHANGE_FROM_QUANTITY_STALE
  COMPARE_QUANTITY_REQUIRED
  COMPARE_QUANTITY_STALE
  IDEMPOTENCY_CONCURRENT_REQUEST
  IDEMPOTENCY_KEY_PARAMETER_MISMATCH
  IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED
  INVALID_INVENTORY_ITEM
  INVALID_LOCATION
  INVALID_NAME
  INVALID_QUANTITY_NEGATIVE
  INVALID_QUANTITY_TOO_HIGH
  INVALID_QUANTITY_TOO_LOW
  INVALID_REASON
  INVALID_REFERENCE_DOCUMENT
  ITEM_NOT_STOCKED_AT_LOCATION
  NON_MUTABLE_INVENTORY_ITEM
  NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR
}

type InventoryAdjustmentGroup implements Node {
  changes(inventoryItemIds: [ID!], locationIds: [ID!], quantityNames: [String!]): [InventoryChange!]!
  createdAt: DateTime!
  id: ID!
  reason: String!
  referenceDocumentUri: String
}

type InventoryChange {
  delta: Int!
  item: InventoryItem
  ledgerDocumentUri: String
  location: Location
  name: String!
  quantityAfterChange: Int
}

type InventoryActivatePayload {
  inventoryLevel: InventoryLevel
  userErrors: [UserError!]!
}

enum SearchResultType {
  ARTICLE
  BALANCE_TRANSACTION
  BLOG
  COLLECTION
  CUSTOMER
  DISCOUNT_REDEEM_CODE
  DRAFT_ORDER
  FILE
  INVENTORY_TRANSFER
  ORDER
  PAGE
  PRICE_RULE
  PRODUCT
  URL_REDIRECT
}

type SavedSearch implements LegacyInteroperability & Node {
  filters: [SearchFilter!]!
  id: ID!
  legacyResourceId: UnsignedInt64!
  name: String!
  query: String!
  resourceType: SearchResultType!
  searchTerms: String!
}

type SearchFilter {
  key: String!
  value: String!
}

type SavedSearchConnection {
  edges: [SavedSearchEdge!]!
  nodes: [SavedSearch!]!
  pageInfo: PageInfo!
}

type SavedSearchEdge {
  cursor: String!
  node: SavedSearch!
}

enum BulkOperationStatus {
  CANCELED
  CANCELING
  COMPLETED
  CREATED
  EXPIRED
  FAILED
  RUNNING
}

enum BulkOperationType {
  MUTATION
  QUERY
}

enum BulkOperationErrorCode {
  ACCESS_DENIED
  INTERNAL_SERVER_ERROR
  TIMEOUT
}

enum BulkOperationsSortKeys {
  COMPLETED_AT
  CREATED_AT
}

type BulkOperation implements Node {
  completedAt: DateTime
  createdAt: DateTime!
  errorCode: BulkOperationErrorCode
  fileSize: UnsignedInt64
  id: ID!
  objectCount: UnsignedInt64!
  partialDataUrl: URL
  query: String!
  rootObjectCount: UnsignedInt64!
  status: BulkOperationStatus!
  type: BulkOperationType!
  url: URL
}

type BulkOperationConnection {
  edges: [BulkOperationEdge!]!
  nodes: [BulkOperation!]!
  pageInfo: PageInfo!
}

type BulkOperationEdge {
  cursor: String!
  node: BulkOperation!
}

type BulkOperationRunQueryPayload {
  bulkOperation: BulkOperation
  userErrors: [BulkOperationUserError!]!
}

type BulkOperationUserError implements DisplayableError {
  code: BulkOperationUserErrorCode
  field: [String!]
  message: String!
}

enum BulkOperationUserErrorCode {
  INVALID
  LIMIT_REACHED
  OPERATION_IN_PROGRESS
}

type BulkOperationCancelPayload {
  bulkOperation: BulkOperation
  userErrors: [UserError!]!
}
`;

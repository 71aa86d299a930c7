// GraphQL sources: a record wrapped with its GraphQL type name, so one record (a variant holds its
// inventory item) can be served as several types and Node resolves its type without guessing.
import type {
  AdjustmentGroupRecord,
  BulkOperationRecord,
  LevelRecord,
  LocationRecord,
  ProductRecord,
  SavedSearchRecord,
  ShopState,
  VariantRecord,
} from "../state";

export type View =
  | { __typename: "Shop"; rec: ShopState }
  | { __typename: "Product"; rec: ProductRecord }
  | { __typename: "ProductVariant"; rec: VariantRecord }
  | { __typename: "InventoryItem"; rec: VariantRecord }
  | { __typename: "InventoryLevel"; rec: VariantRecord; level: LevelRecord }
  | { __typename: "Location"; rec: LocationRecord }
  | { __typename: "SavedSearch"; rec: SavedSearchRecord }
  | { __typename: "BulkOperation"; rec: BulkOperationRecord }
  | { __typename: "InventoryAdjustmentGroup"; rec: AdjustmentGroupRecord };

export const shopView = (rec: ShopState) => ({ __typename: "Shop" as const, rec });
export const productView = (rec: ProductRecord) => ({ __typename: "Product" as const, rec });
export const variantView = (rec: VariantRecord) => ({ __typename: "ProductVariant" as const, rec });
export const itemView = (rec: VariantRecord) => ({ __typename: "InventoryItem" as const, rec });
export const levelView = (rec: VariantRecord, level: LevelRecord) => ({ __typename: "InventoryLevel" as const, rec, level });
export const locationView = (rec: LocationRecord) => ({ __typename: "Location" as const, rec });
export const savedSearchView = (rec: SavedSearchRecord) => ({ __typename: "SavedSearch" as const, rec });
export const bulkView = (rec: BulkOperationRecord) => ({ __typename: "BulkOperation" as const, rec });
export const groupView = (rec: AdjustmentGroupRecord) => ({ __typename: "InventoryAdjustmentGroup" as const, rec });

export type ShopViewT = ReturnType<typeof shopView>;
export type ProductViewT = ReturnType<typeof productView>;
export type VariantViewT = ReturnType<typeof variantView>;
export type ItemViewT = ReturnType<typeof itemView>;
export type LevelViewT = ReturnType<typeof levelView>;
export type LocationViewT = ReturnType<typeof locationView>;
export type SavedSearchViewT = ReturnType<typeof savedSearchView>;
export type BulkViewT = ReturnType<typeof bulkView>;
export type GroupViewT = ReturnType<typeof groupView>;

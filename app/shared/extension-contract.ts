// The JSON contract between the admin UI extensions (extensions/*) and their backend routes
// (app/routes/api.extension.*.tsx). Types and constants only: the extensions import it type-only, so
// nothing server-side is bundled into them.
import type { ItemSyncSetting, SyncSetting } from "../domain/types";

export const EXTENSION_API = {
  product: "/api/extension/product",
  itemSetting: "/api/extension/item-setting",
  bulk: "/api/extension/bulk",
} as const;

/** One variant of a product as the product details block shows it. */
export interface VariantSyncView {
  variantId: string;
  title: string;
  sku: string | null;
  /** The Whiplash item matched to this variant's SKU (null: no item has this SKU). */
  itemId: string | null;
  syncSetting: ItemSyncSetting | null;
  effectiveSetting: SyncSetting | null;
  decision: "sync" | "skip";
  /** Stable code (SyncReason or SkipReason). */
  reasonCode: string;
  /** describeDecision()'s sentence, the same the app's pages show. */
  reason: string;
  /** What the rules publish now (sum over the mapped locations); null when not computable. */
  whiplashQuantity: number | null;
  /** What Shopify shows as far as we last knew (sum over the mapped locations); null: unknown. */
  shopifyQuantity: number | null;
  /** Someone else changed the quantity in Shopify (drift), ISO time; null: no drift. */
  driftDetectedAt: string | null;
}

export interface ProductSyncView {
  productId: string;
  /** The shop is connected to a Whiplash customer (otherwise nothing can sync yet). */
  connected: boolean;
  shopSyncEnabled: boolean;
  customerDefault: SyncSetting | null;
  variants: VariantSyncView[];
}

export interface ItemSettingRequest {
  productId: string;
  variantId: string;
  syncSetting: ItemSyncSetting;
}

export type BulkAction = "SYNC" | "SET_SETTING";

export interface BulkRequest {
  action: BulkAction;
  productIds: string[];
  /** Required for SET_SETTING. */
  syncSetting?: ItemSyncSetting;
}

export interface BulkItemResult {
  variantId: string;
  title: string;
  /** QUEUED (sync queued), UPDATED (setting changed), SKIPPED (with reason), UNMATCHED (no Whiplash item). */
  outcome: "QUEUED" | "UPDATED" | "SKIPPED" | "UNMATCHED";
  reason: string;
}

export interface BulkResult {
  action: BulkAction;
  products: number;
  variants: number;
  queued: number;
  updated: number;
  skipped: number;
  unmatched: number;
  /** SyncRun id of a SYNC (its progress and per-item log are in the app). */
  runId: string | null;
  results: BulkItemResult[];
}

export interface ApiError {
  error: string;
}

/** Limits a selection action sends in one request (Shopify's index page selects at most 250 rows). */
export const MAX_BULK_PRODUCTS = 250;

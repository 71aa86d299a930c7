// The admin UI extensions' backend: the product block's per-variant view and setting change, and the
// product index selection action. The same domain core as the app's pages decides and explains
// (syncTarget, describeDecision); changes are the app's own merchant commands
// (commands/change-item-settings.ts, commands/sync-items.ts), which reach every store of the customer.
import type { PrismaClient } from "@prisma/client";
import { describeDecision, describeSkipReason, syncTarget, type SyncTrigger } from "../../domain";
import type { JobQueue } from "../jobs/types";
import {
  PRODUCT_SYNC_VARIANTS_QUERY,
  type ProductSyncVariantsData,
} from "../shopify/operations/product-sync-variants";
import { changeItemSettings } from "../commands/change-item-settings";
import type { ActingShop } from "../commands/queue-syncs";
import { syncItems } from "../commands/sync-items";
import type { AdminRequester } from "../wiring/deps";
import type {
  BulkItemResult,
  BulkRequest,
  BulkResult,
  ItemSettingRequest,
  ProductSyncView,
  VariantSyncView,
} from "../../shared/extension-contract";
import { MAX_BULK_PRODUCTS } from "../../shared/extension-contract";
import { loadLinkedItems, loadShopContext, type LinkedItem, type ShopContext } from "../db/shop-state";

export interface ExtensionApiDeps {
  prisma: PrismaClient;
  queue: JobQueue;
}

/** A request the extension got wrong or that cannot be served; the route answers `status` with the message. */
export class ExtensionApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "ExtensionApiError";
  }
}

const PRODUCT_GID = /^gid:\/\/shopify\/Product\/\d+$/;
const VARIANT_GID = /^gid:\/\/shopify\/ProductVariant\/\d+$/;

function requireConnected(ctx: ShopContext | null): asserts ctx is ShopContext & { customer: NonNullable<ShopContext["customer"]> } {
  if (!ctx || ctx.uninstalled) throw new ExtensionApiError(404, "This store is not set up in the app yet. Open the app first.");
  if (!ctx.customer) throw new ExtensionApiError(409, "Connect a Whiplash account in the app first.");
}

/** The shop the extension acts in, for the merchant commands. */
function actingShop(ctx: ShopContext & { customer: NonNullable<ShopContext["customer"]> }): ActingShop {
  return { shopId: ctx.shopId, prefs: ctx.prefs, customer: { id: ctx.customer.id }, customerPrefs: ctx.customer };
}

/**
 * Decision, explanation and quantities of one linked variant, as the app's item page computes them (both
 * from syncTarget). The trigger is the action the block stands for (MANUAL, SETTINGS, BULK); it can only
 * change UNCHANGED (forced triggers) and the sell-out final publish (SELLOUT), neither of which a view meets.
 */
export function variantView(ctx: ShopContext, entry: LinkedItem, title: string, tracked: boolean, trigger: SyncTrigger = "MANUAL"): VariantSyncView {
  const link = { inventoryItemId: entry.link.inventoryItemId, tracked, unitsInFlight: entry.link.unitsInFlight };
  const { decision, locations } = syncTarget({ shop: ctx.prefs, customer: ctx.customer!, item: entry.item, link, trigger });
  let whiplash: number | null = locations.length ? 0 : null;
  let shopify: number | null = null;
  for (const { locationId, quantity } of locations) {
    whiplash = (whiplash ?? 0) + quantity;
    const known = entry.known[locationId];
    if (known !== undefined && known !== null) shopify = (shopify ?? 0) + known;
  }
  return {
    variantId: entry.link.variantId,
    title,
    sku: entry.sku,
    itemId: entry.itemId,
    syncSetting: entry.item.syncSetting,
    effectiveSetting: decision.effective,
    decision: decision.kind,
    reasonCode: decision.reason,
    reason: describeDecision(decision),
    whiplashQuantity: whiplash,
    shopifyQuantity: shopify,
    driftDetectedAt: entry.link.driftDetectedAt?.toISOString() ?? null,
  };
}

function unmatchedView(variant: { id: string; title: string; sku: string | null }): VariantSyncView {
  return {
    variantId: variant.id,
    title: variant.title,
    sku: variant.sku,
    itemId: null,
    syncSetting: null,
    effectiveSetting: null,
    decision: "skip",
    reasonCode: "UNMATCHED",
    reason: describeSkipReason("UNMATCHED"),
    whiplashQuantity: null,
    shopifyQuantity: null,
    driftDetectedAt: null,
  };
}

/** The product block: every variant Shopify has for the product (matched or not). */
export async function productSyncView(
  deps: ExtensionApiDeps & { client: AdminRequester },
  shopId: string,
  productId: string,
): Promise<ProductSyncView> {
  if (!PRODUCT_GID.test(productId)) throw new ExtensionApiError(400, "productId must be a Product GID.");
  const ctx = await loadShopContext(deps.prisma, shopId);
  if (!ctx || ctx.uninstalled || !ctx.customer) {
    return { productId, connected: false, shopSyncEnabled: ctx?.prefs.syncEnabled ?? false, customerDefault: null, variants: [] };
  }
  const { data } = await deps.client.request<ProductSyncVariantsData>(PRODUCT_SYNC_VARIANTS_QUERY, { variables: { id: productId } });
  if (!data.product) throw new ExtensionApiError(404, "Product not found.");
  const nodes = data.product.variants.nodes;
  const linked = await loadLinkedItems(deps.prisma, shopId, { variantId: { in: nodes.map((n) => n.id) } });
  const byVariant = new Map(linked.map((e) => [e.link.variantId, e]));
  return {
    productId,
    connected: true,
    shopSyncEnabled: ctx.prefs.syncEnabled,
    customerDefault: ctx.customer.defaultSyncSetting,
    variants: nodes.map((n) => {
      const entry = byVariant.get(n.id);
      // Shopify's live `tracked` wins over what we stored at matching time.
      return entry ? variantView(ctx, entry, n.title, n.inventoryItem.tracked) : unmatchedView(n);
    }),
  };
}

/** The block's Select: sets the item's Sync Inventory and queues the resulting syncs in every connected shop. */
export async function setVariantSyncSetting(deps: ExtensionApiDeps, shopId: string, request: ItemSettingRequest): Promise<VariantSyncView> {
  if (!VARIANT_GID.test(request.variantId)) throw new ExtensionApiError(400, "variantId must be a ProductVariant GID.");
  const ctx = await loadShopContext(deps.prisma, shopId);
  requireConnected(ctx);
  const [entry] = await loadLinkedItems(deps.prisma, shopId, { variantId: request.variantId });
  if (!entry) throw new ExtensionApiError(404, "No Whiplash item matches this variant.");
  // The setting belongs to the item, so every shop of the customer is affected.
  await changeItemSettings(deps.prisma, deps.queue, actingShop(ctx), [entry.itemId], { syncSetting: request.syncSetting });
  const [updated] = await loadLinkedItems(deps.prisma, shopId, { id: entry.link.id });
  return variantView(ctx, updated, updated.link.variantTitle || request.variantId, updated.link.tracked, "SETTINGS");
}

/**
 * The selection action (rule 3.8). SYNC queues a forced write (trigger BULK) for every eligible variant
 * of the selected products, SET_SETTING changes their items' setting; both answer per variant at once
 * (the writer re-decides at send time and the sync log keeps the final outcome).
 * Products with no matched variant are reported as one UNMATCHED row each (no Admin API call is made).
 */
export async function runSelectionAction(deps: ExtensionApiDeps, shopId: string, request: BulkRequest): Promise<BulkResult> {
  const productIds = [...new Set(request.productIds ?? [])];
  if (productIds.length === 0 || !productIds.every((id) => PRODUCT_GID.test(id))) {
    throw new ExtensionApiError(400, "productIds must be a non-empty list of Product GIDs.");
  }
  if (productIds.length > MAX_BULK_PRODUCTS) throw new ExtensionApiError(400, `At most ${MAX_BULK_PRODUCTS} products at a time.`);
  if (request.action !== "SYNC" && request.action !== "SET_SETTING") throw new ExtensionApiError(400, "Unknown action.");
  if (request.action === "SET_SETTING" && !request.syncSetting) throw new ExtensionApiError(400, "syncSetting is required.");
  const ctx = await loadShopContext(deps.prisma, shopId);
  requireConnected(ctx);

  let entries = await loadLinkedItems(deps.prisma, shopId, { productId: { in: productIds } });
  const result: BulkResult = {
    action: request.action,
    products: productIds.length,
    variants: entries.length,
    queued: 0,
    updated: 0,
    skipped: 0,
    unmatched: 0,
    runId: null,
    results: [],
  };
  const matchedProducts = new Set(entries.map((e) => e.link.productId));
  for (const productId of productIds.filter((id) => !matchedProducts.has(id))) {
    result.unmatched++;
    result.results.push({ variantId: productId, title: "(product)", outcome: "UNMATCHED", reason: "No variant of this product matches a Whiplash item." });
  }
  const title = (e: LinkedItem) => e.link.variantTitle || e.sku;

  if (request.action === "SET_SETTING") {
    await changeItemSettings(deps.prisma, deps.queue, actingShop(ctx), entries.map((e) => e.itemId), { syncSetting: request.syncSetting });
    entries = await loadLinkedItems(deps.prisma, shopId, { productId: { in: productIds } });
    for (const e of entries) {
      result.updated++;
      result.results.push({ variantId: e.link.variantId, title: title(e), outcome: "UPDATED", reason: variantView(ctx, e, title(e), e.link.tracked, "SETTINGS").reason });
    }
    return result;
  }

  for (const e of entries) {
    const view = variantView(ctx, e, title(e), e.link.tracked, "BULK");
    const row: BulkItemResult = { variantId: e.link.variantId, title: title(e), outcome: view.decision === "sync" ? "QUEUED" : "SKIPPED", reason: view.reason };
    if (view.decision === "sync") result.queued++;
    else result.skipped++;
    result.results.push(row);
  }
  // Bulk "Sync inventory" (trigger BULK, forced: rule 3.6) in every store of the customer; an item this
  // store skips may still sync in another store, so all of them are asked for.
  await syncItems(deps.prisma, deps.queue, actingShop(ctx), entries.map((e) => e.itemId), { trigger: "BULK" });
  return result;
}

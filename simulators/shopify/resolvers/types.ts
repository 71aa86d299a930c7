// Field resolvers of the object types. Sources are views (see views.ts); fields not listed here are
// read by graphql-js from the source object itself (connections, page info, user errors).
import type { GraphQLResolveInfo } from "graphql";
import { gid, idOf } from "../ids";
import { isoTime } from "../runtime";
import { findLevel, quantityOf, QUANTITY_NAMES, totalAvailable, type ChangeRecord, type ShopState } from "../state";
import { PLAN_DISPLAY } from "./plan-display";
import { connection, type PageArgs } from "./connection";
import type { GqlContext } from "./context";
import { compileSearch, filterBy, productInventoryTotal } from "./search-specs";
import {
  itemView,
  levelView,
  locationView,
  productView,
  variantView,
  type BulkViewT,
  type GroupViewT,
  type ItemViewT,
  type LevelViewT,
  type LocationViewT,
  type ProductViewT,
  type SavedSearchViewT,
  type ShopViewT,
  type VariantViewT,
} from "./views";
import { variantSortFor } from "./sorting";

type Resolver<S> = (source: S, args: Record<string, unknown>, ctx: GqlContext, info: GraphQLResolveInfo) => unknown;
type TypeResolvers<S> = Record<string, Resolver<S>>;

const count = (n: number) => ({ count: n, precision: "EXACT" });

function numericShopId(shop: ShopState): number {
  let h = 0;
  for (const ch of shop.domain) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return 60_000_000 + (h % 10_000_000);
}

export const Shop: TypeResolvers<ShopViewT> = {
  id: ({ rec }) => gid("Shop", numericShopId(rec)),
  name: ({ rec }) => rec.name,
  myshopifyDomain: ({ rec }) => rec.domain,
  email: ({ rec }) => rec.email,
  contactEmail: ({ rec }) => rec.email,
  ianaTimezone: () => "Etc/UTC",
  timezoneAbbreviation: () => "UTC",
  url: ({ rec }) => `https://${rec.domain}`,
  createdAt: ({ rec }) => isoTime(rec.createdAt),
  updatedAt: ({ rec }) => isoTime(rec.createdAt),
  plan: ({ rec }) => ({
    displayName: PLAN_DISPLAY[rec.plan].displayName,
    publicDisplayName: PLAN_DISPLAY[rec.plan].publicDisplayName,
    partnerDevelopment: false,
    shopifyPlus: rec.plan === "Plus" || rec.plan === "Enterprise",
  }),
};

function levelsAtLocation(shop: ShopState, locationId: number) {
  const out: LevelViewT[] = [];
  for (const v of shop.variantList) {
    const level = findLevel(v, locationId);
    if (level) out.push(levelView(v, level));
  }
  return out;
}

export const Location: TypeResolvers<LocationViewT> = {
  id: ({ rec }) => gid("Location", rec.id),
  legacyResourceId: ({ rec }) => String(rec.id),
  name: ({ rec }) => rec.name,
  isActive: ({ rec }) => rec.isActive,
  activatable: ({ rec }) => !rec.isActive,
  deactivatable: ({ rec }) => rec.isActive,
  deletable: () => false,
  fulfillsOnlineOrders: ({ rec }) => rec.fulfillsOnlineOrders,
  shipsInventory: ({ rec }) => rec.shipsInventory,
  isFulfillmentService: () => false,
  hasActiveInventory: ({ rec }, _args, ctx) => ctx.shop.variantList.some((v) => findLevel(v, rec.id) !== undefined),
  createdAt: ({ rec }) => isoTime(rec.createdAt),
  updatedAt: ({ rec }) => isoTime(rec.updatedAt),
  inventoryLevel: ({ rec }, args, ctx) => {
    const variant = ctx.shop.inventoryItems.get(idOf(args.inventoryItemId, "InventoryItem") ?? -1);
    const level = variant && findLevel(variant, rec.id);
    return variant && level ? levelView(variant, level) : null;
  },
  inventoryLevels: ({ rec }, args, ctx, info) => {
    const levels = levelsAtLocation(ctx.shop, rec.id);
    const predicate = compileSearch(args.query as string | null, {
      fields: { inventory_item_id: (l: LevelViewT, op, value) => String(l.rec.inventoryItemId) === value.replace(/\D+/g, "") && op === ":" },
      freeText: () => true,
    });
    return connection({ items: filterBy(levels, predicate), idOf: (l) => l.rec.inventoryItemId, wrap: (l) => l, sortedById: true }, args as PageArgs, ctx, info);
  },
};

export const Product: TypeResolvers<ProductViewT> = {
  id: ({ rec }) => gid("Product", rec.id),
  legacyResourceId: ({ rec }) => String(rec.id),
  title: ({ rec }) => rec.title,
  handle: ({ rec }) => rec.handle,
  status: ({ rec }) => rec.status,
  vendor: ({ rec }) => rec.vendor,
  productType: ({ rec }) => rec.productType,
  tags: ({ rec }) => rec.tags,
  createdAt: ({ rec }) => isoTime(rec.createdAt),
  updatedAt: ({ rec }) => isoTime(rec.updatedAt),
  totalInventory: ({ rec }, _args, ctx) => productInventoryTotal(ctx.shop, rec),
  tracksInventory: ({ rec }, _args, ctx) => rec.variantIds.some((id) => ctx.shop.variants.get(id)?.tracked),
  hasOnlyDefaultVariant: ({ rec }, _args, ctx) =>
    rec.variantIds.length === 1 && ctx.shop.variants.get(rec.variantIds[0])?.title === "Default Title",
  variantsCount: ({ rec }) => count(rec.variantIds.length),
  variants: ({ rec }, args, ctx, info) => {
    const variants = rec.variantIds.map((id) => ctx.shop.variants.get(id)!);
    const sorted = variantSortFor(ctx.shop, (args.sortKey as string) ?? "POSITION", variants);
    return connection({ ...sorted, wrap: variantView }, args as PageArgs, ctx, info);
  },
};

export const ProductVariant: TypeResolvers<VariantViewT> = {
  id: ({ rec }) => gid("ProductVariant", rec.id),
  legacyResourceId: ({ rec }) => String(rec.id),
  title: ({ rec }) => rec.title,
  displayName: ({ rec }, _args, ctx) => `${ctx.shop.products.get(rec.productId)?.title ?? ""} - ${rec.title}`,
  sku: ({ rec }) => rec.sku,
  barcode: ({ rec }) => rec.barcode,
  position: ({ rec }) => rec.position,
  price: ({ rec }) => rec.price,
  createdAt: ({ rec }) => isoTime(rec.createdAt),
  updatedAt: ({ rec }) => isoTime(rec.updatedAt),
  inventoryPolicy: () => "DENY",
  inventoryQuantity: ({ rec }) => (rec.tracked ? totalAvailable(rec) : 0),
  availableForSale: ({ rec }, _args, ctx) =>
    ctx.shop.products.get(rec.productId)?.status === "ACTIVE" && (!rec.tracked || totalAvailable(rec) > 0),
  product: ({ rec }, _args, ctx) => productView(ctx.shop.products.get(rec.productId)!),
  inventoryItem: ({ rec }) => itemView(rec),
};

export const InventoryItem: TypeResolvers<ItemViewT> = {
  id: ({ rec }) => gid("InventoryItem", rec.inventoryItemId),
  legacyResourceId: ({ rec }) => String(rec.inventoryItemId),
  sku: ({ rec }) => rec.sku,
  tracked: ({ rec }) => rec.tracked,
  requiresShipping: ({ rec }) => rec.requiresShipping,
  createdAt: ({ rec }) => isoTime(rec.createdAt),
  updatedAt: ({ rec }) => isoTime(rec.updatedAt),
  duplicateSkuCount: ({ rec }, _args, ctx) => {
    const hit = rec.sku ? ctx.shop.skuIndex.get(rec.sku.toLowerCase()) : undefined;
    return Array.isArray(hit) ? hit.length - 1 : 0;
  },
  inventoryHistoryUrl: ({ rec }, _args, ctx) =>
    `https://admin.shopify.com/store/${ctx.shop.domain.replace(/\.myshopify\.com$/, "")}/products/inventory/${rec.inventoryItemId}/inventory_history`,
  locationsCount: ({ rec }) => count(rec.levels.length),
  variant: ({ rec }) => variantView(rec),
  variants: ({ rec }, args, ctx, info) => connection({ items: [rec], idOf: (v) => v.id, wrap: variantView, sortedById: true }, args as PageArgs, ctx, info),
  inventoryLevel: ({ rec }, args) => {
    const level = findLevel(rec, idOf(args.locationId, "Location") ?? -1);
    return level ? levelView(rec, level) : null;
  },
  inventoryLevels: ({ rec }, args, ctx, info) => {
    const levels = [...rec.levels].sort((a, b) => a.locationId - b.locationId).map((l) => levelView(rec, l));
    return connection({ items: levels, idOf: (l) => l.level.locationId, wrap: (l) => l, sortedById: true }, args as PageArgs, ctx, info);
  },
};

export const InventoryLevel: TypeResolvers<LevelViewT> = {
  id: ({ rec, level }) => gid("InventoryLevel", level.locationId, { inventory_item_id: rec.inventoryItemId }),
  canDeactivate: () => true,
  isActive: () => true,
  createdAt: ({ level }) => isoTime(level.createdAt),
  updatedAt: ({ level }) => isoTime(level.updatedAt),
  item: ({ rec }) => itemView(rec),
  location: ({ level }, _args, ctx) => locationView(ctx.shop.locations.get(level.locationId)!),
  quantities: ({ rec, level }, args) =>
    (args.names as string[])
      .filter((name) => (QUANTITY_NAMES as readonly string[]).includes(name))
      .map((name) => ({
        id: gid("InventoryQuantity", level.locationId, { inventory_item_id: rec.inventoryItemId, name }),
        name,
        quantity: quantityOf(level, name),
        updatedAt: isoTime(level.updatedAt),
      })),
};

export const SavedSearch: TypeResolvers<SavedSearchViewT> = {
  id: ({ rec }) => gid("SavedSearch", rec.id),
  legacyResourceId: ({ rec }) => String(rec.id),
  name: ({ rec }) => rec.name,
  query: ({ rec }) => rec.query,
  resourceType: ({ rec }) => rec.resourceType,
  // Shopify splits a saved query into free-text terms and field filters.
  searchTerms: ({ rec }) =>
    rec.query
      .split(/\s+/)
      .filter((t) => t && !t.includes(":"))
      .join(" "),
  filters: ({ rec }) =>
    rec.query
      .split(/\s+/)
      .filter((t) => t.includes(":"))
      .map((t) => ({ key: t.slice(0, t.indexOf(":")), value: t.slice(t.indexOf(":") + 1) })),
};

export const BulkOperation: TypeResolvers<BulkViewT> = {
  id: ({ rec }) => gid("BulkOperation", rec.id),
  status: ({ rec }) => rec.status,
  type: ({ rec }) => rec.type,
  query: ({ rec }) => rec.query,
  createdAt: ({ rec }) => isoTime(rec.createdAt),
  completedAt: ({ rec }) => (rec.completedAt ? isoTime(rec.completedAt) : null),
  errorCode: ({ rec }) => rec.errorCode,
  objectCount: ({ rec }) => String(rec.objectCount),
  rootObjectCount: ({ rec }) => String(rec.rootObjectCount),
  fileSize: ({ rec }) => (rec.fileSize === null ? null : String(rec.fileSize)),
  url: ({ rec }, _args, ctx) => (rec.status === "COMPLETED" && rec.objectCount > 0 ? `${ctx.runtime.baseUrl}/_sim/bulk/${rec.id}.jsonl` : null),
  partialDataUrl: () => null,
};

/** An adjustment group lists, for every quantity it set, the change to that name and to on_hand. */
function expandChanges(changes: ChangeRecord[]) {
  const out: { inventoryItemId: number; locationId: number; name: string; delta: number; quantityAfterChange: number }[] = [];
  for (const c of changes) {
    out.push({ inventoryItemId: c.inventoryItemId, locationId: c.locationId, name: "available", delta: c.delta, quantityAfterChange: c.availableAfter });
    out.push({ inventoryItemId: c.inventoryItemId, locationId: c.locationId, name: "on_hand", delta: c.delta, quantityAfterChange: c.onHandAfter });
  }
  return out;
}

export const InventoryAdjustmentGroup: TypeResolvers<GroupViewT> = {
  id: ({ rec }) => gid("InventoryAdjustmentGroup", rec.id),
  createdAt: ({ rec }) => isoTime(rec.createdAt),
  reason: ({ rec }) => rec.reason,
  referenceDocumentUri: ({ rec }) => rec.referenceDocumentUri,
  changes: ({ rec }, args, ctx) => {
    const itemIds = (args.inventoryItemIds as string[] | null)?.map((id) => idOf(id, "InventoryItem"));
    const locationIds = (args.locationIds as string[] | null)?.map((id) => idOf(id, "Location"));
    const names = args.quantityNames as string[] | null;
    return expandChanges(rec.changes)
      .filter((c) => !itemIds || itemIds.includes(c.inventoryItemId))
      .filter((c) => !locationIds || locationIds.includes(c.locationId))
      .filter((c) => !names || names.includes(c.name))
      .map((c) => {
        const variant = ctx.shop.inventoryItems.get(c.inventoryItemId);
        const location = ctx.shop.locations.get(c.locationId);
        return {
          name: c.name,
          delta: c.delta,
          quantityAfterChange: c.quantityAfterChange,
          ledgerDocumentUri: null,
          item: variant ? itemView(variant) : null,
          location: location ? locationView(location) : null,
        };
      });
  },
};


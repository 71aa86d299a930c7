// QueryRoot resolvers.
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { ProductRecord, SavedSearchRecord, VariantRecord } from "../state";
import { connection, type PageArgs } from "./connection";
import type { GqlContext } from "./context";
import { lookupNode, lookupTyped, parseGidOrThrow } from "./node";
import { compileSearch, filterBy, inventoryItemSearch, locationSearch, productSearch, variantSearch } from "./search-specs";
import { productSortFor, variantSortFor } from "./sorting";
import { bulkView, itemView, locationView, productView, savedSearchView, shopView, variantView } from "./views";

type Args = Record<string, unknown>;

/** savedSearchId stands for the saved search's query string; with `query` too, both must match. */
function effectiveQuery(ctx: GqlContext, args: Args, info: GraphQLResolveInfo): string | null {
  const parts: string[] = [];
  if (args.savedSearchId != null) {
    const parsed = parseGidOrThrow(args.savedSearchId, info);
    const search: SavedSearchRecord | undefined =
      parsed.type === "SavedSearch" ? ctx.shop.savedSearches.find((s) => s.id === parsed.id) : undefined;
    if (!search) throw new GraphQLError(`Saved search not found: ${String(args.savedSearchId)}`, { nodes: info.fieldNodes, extensions: { code: "NOT_FOUND" } });
    parts.push(`(${search.query})`);
  }
  if (typeof args.query === "string" && args.query.trim()) parts.push(`(${args.query})`);
  return parts.length ? parts.join(" AND ") : null;
}

function matchingProducts(ctx: GqlContext, args: Args, info: GraphQLResolveInfo): readonly ProductRecord[] {
  return filterBy(ctx.shop.productList, compileSearch(effectiveQuery(ctx, args, info), productSearch(ctx.shop)));
}

function matchingVariants(ctx: GqlContext, args: Args, info: GraphQLResolveInfo): readonly VariantRecord[] {
  return filterBy(ctx.shop.variantList, compileSearch(effectiveQuery(ctx, args, info), variantSearch(ctx.shop)));
}

function limitedCount(total: number, limit: unknown) {
  if (typeof limit === "number" && total > limit) return { count: limit, precision: "AT_LEAST" };
  return { count: total, precision: "EXACT" };
}

export const QueryRoot = {
  shop: (_: unknown, _args: Args, ctx: GqlContext) => shopView(ctx.shop),

  locations: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) => {
    const all = [...ctx.shop.locations.values()].filter((l) => args.includeInactive || l.isActive);
    const filtered = filterBy(all, compileSearch(args.query as string | null, locationSearch()));
    const byName = args.sortKey === "NAME" || args.sortKey === "RELEVANCE";
    const items = [...filtered].sort((a, b) => (byName ? a.name.localeCompare(b.name) || a.id - b.id : a.id - b.id));
    return connection(
      { items, idOf: (l) => l.id, sortValue: (l) => (byName ? l.name : l.id), wrap: locationView, sortedById: !byName },
      args as PageArgs,
      ctx,
      info,
    );
  },

  location: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) => {
    if (args.id == null) {
      const primary = [...ctx.shop.locations.values()].find((l) => l.isActive);
      return primary ? locationView(primary) : null;
    }
    return lookupTyped(ctx, args.id, "Location", info);
  },

  products: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) => {
    const sorted = productSortFor(ctx.shop, String(args.sortKey ?? "ID"), matchingProducts(ctx, args, info));
    return connection({ ...sorted, wrap: productView }, args as PageArgs, ctx, info);
  },

  productsCount: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) =>
    limitedCount(matchingProducts(ctx, args, info).length, args.limit),

  product: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) => lookupTyped(ctx, args.id, "Product", info),

  productVariants: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) => {
    const sorted = variantSortFor(ctx.shop, String(args.sortKey ?? "ID"), matchingVariants(ctx, args, info));
    return connection({ ...sorted, wrap: variantView }, args as PageArgs, ctx, info);
  },

  productVariantsCount: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) =>
    limitedCount(matchingVariants(ctx, args, info).length, args.limit),

  productVariant: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) => lookupTyped(ctx, args.id, "ProductVariant", info),

  inventoryItem: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) => lookupTyped(ctx, args.id, "InventoryItem", info),

  inventoryItems: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) => {
    // Inventory item ids grow with variant ids, so variant order is inventory item order.
    const items = filterBy(ctx.shop.variantList, compileSearch(args.query as string | null, inventoryItemSearch()));
    return connection({ items, idOf: (v) => v.inventoryItemId, wrap: itemView, sortedById: true }, args as PageArgs, ctx, info);
  },

  inventoryLevel: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) => lookupTyped(ctx, args.id, "InventoryLevel", info),

  productSavedSearches: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) =>
    connection({ items: ctx.shop.savedSearches, idOf: (s) => s.id, wrap: savedSearchView, sortedById: true }, args as PageArgs, ctx, info),

  node: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) => lookupNode(ctx, parseGidOrThrow(args.id, info)),

  nodes: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) =>
    (args.ids as string[]).map((id) => lookupNode(ctx, parseGidOrThrow(id, info))),

  currentBulkOperation: (_: unknown, args: Args, ctx: GqlContext) => {
    if (args.type === "MUTATION") return null;
    const latest = ctx.shop.bulkOperations[ctx.shop.bulkOperations.length - 1];
    return latest ? bulkView(latest) : null;
  },

  bulkOperation: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) => lookupTyped(ctx, args.id, "BulkOperation", info),

  bulkOperations: (_: unknown, args: Args, ctx: GqlContext, info: GraphQLResolveInfo) => {
    // Newest first, as Shopify lists them.
    let ops = [...ctx.shop.bulkOperations].reverse();
    const status = /status:(\w+)/i.exec(String(args.query ?? ""))?.[1]?.toUpperCase();
    if (status) ops = ops.filter((op) => op.status === status);
    return connection({ items: ops, idOf: (op) => op.id, wrap: bulkView }, args as PageArgs, ctx, info);
  },
};

// Global id lookups for node(id), nodes(ids) and the typed root fields (product(id), ...).
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import { parseGid, type ParsedGid } from "../ids";
import { findLevel } from "../state";
import type { GqlContext } from "./context";
import {
  bulkView,
  groupView,
  itemView,
  levelView,
  locationView,
  productView,
  savedSearchView,
  shopView,
  variantView,
  type View,
} from "./views";
import { Shop } from "./types";

/** Shopify answers a malformed id with a top-level error rather than null. */
export function parseGidOrThrow(value: unknown, info: GraphQLResolveInfo): ParsedGid {
  const parsed = parseGid(value);
  if (!parsed) throw new GraphQLError(`Invalid global id '${String(value)}'`, { nodes: info.fieldNodes, extensions: { code: "argumentLiteralsIncompatible" } });
  return parsed;
}

export function lookupNode(ctx: GqlContext, parsed: ParsedGid): View | null {
  const { shop } = ctx;
  switch (parsed.type) {
    case "Product": {
      const rec = shop.products.get(parsed.id);
      return rec ? productView(rec) : null;
    }
    case "ProductVariant": {
      const rec = shop.variants.get(parsed.id);
      return rec ? variantView(rec) : null;
    }
    case "InventoryItem": {
      const rec = shop.inventoryItems.get(parsed.id);
      return rec ? itemView(rec) : null;
    }
    case "InventoryLevel": {
      // gid://shopify/InventoryLevel/<location id>?inventory_item_id=<item id>
      const rec = shop.inventoryItems.get(Number(parsed.params.get("inventory_item_id")));
      const level = rec && findLevel(rec, parsed.id);
      return rec && level ? levelView(rec, level) : null;
    }
    case "Location": {
      const rec = shop.locations.get(parsed.id);
      return rec ? locationView(rec) : null;
    }
    case "SavedSearch": {
      const rec = shop.savedSearches.find((s) => s.id === parsed.id);
      return rec ? savedSearchView(rec) : null;
    }
    case "BulkOperation": {
      const rec = shop.bulkOperations.find((b) => b.id === parsed.id);
      return rec ? bulkView(rec) : null;
    }
    case "InventoryAdjustmentGroup": {
      const rec = shop.history.find((g) => g.id === parsed.id);
      return rec ? groupView(rec) : null;
    }
    case "Shop": {
      const view = shopView(shop);
      return Shop.id(view, {}, ctx, undefined as never) === `gid://shopify/Shop/${parsed.id}` ? view : null;
    }
    default:
      return null;
  }
}

export function lookupTyped(ctx: GqlContext, value: unknown, type: View["__typename"], info: GraphQLResolveInfo): View | null {
  const parsed = parseGidOrThrow(value, info);
  if (parsed.type !== type) return null;
  return lookupNode(ctx, parsed);
}

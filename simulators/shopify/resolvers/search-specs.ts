// Which search fields each resource understands (from the `query` argument tables in Shopify's
// schema), mapped onto the simulator's records.
import {
  compileSearch,
  dateMatch,
  exactMatch,
  idMatch,
  numberMatch,
  textMatch,
  type SearchSpec,
} from "../search-query";
import { totalAvailable, type LocationRecord, type ProductRecord, type ShopState, type VariantRecord } from "../state";

function variantsOf(shop: ShopState, product: ProductRecord): VariantRecord[] {
  return product.variantIds.map((id) => shop.variants.get(id)!).filter(Boolean);
}

export function productInventoryTotal(shop: ShopState, product: ProductRecord): number {
  let sum = 0;
  for (const v of variantsOf(shop, product)) if (v.tracked) sum += totalAvailable(v);
  return sum;
}

export function productSearch(shop: ShopState): SearchSpec<ProductRecord> {
  return {
    fields: {
      title: (p, _op, v) => textMatch(p.title, v),
      sku: (p, _op, v) => variantsOf(shop, p).some((variant) => exactMatch(variant.sku, v)),
      tag: (p, _op, v) => p.tags.some((t) => exactMatch(t, v)),
      tag_not: (p, _op, v) => !p.tags.some((t) => exactMatch(t, v)),
      status: (p, _op, v) => exactMatch(p.status, v),
      vendor: (p, _op, v) => exactMatch(p.vendor, v) || textMatch(p.vendor, v),
      product_type: (p, _op, v) => exactMatch(p.productType, v),
      handle: (p, _op, v) => exactMatch(p.handle, v),
      id: (p, op, v) => idMatch(p.id, op, v),
      inventory_total: (p, op, v) => numberMatch(productInventoryTotal(shop, p), op, v),
      tracks_inventory: (p, _op, v) => variantsOf(shop, p).some((x) => x.tracked) === (v.toLowerCase() === "true"),
      has_only_default_variant: (p, _op, v) => (p.variantIds.length === 1) === (v.toLowerCase() === "true"),
      created_at: (p, op, v) => dateMatch(p.createdAt, op, v),
      updated_at: (p, op, v) => dateMatch(p.updatedAt, op, v),
    },
    freeText: (p, text) =>
      textMatch(p.title, text) ||
      textMatch(p.vendor, text) ||
      textMatch(p.productType, text) ||
      p.tags.some((t) => textMatch(t, text)) ||
      variantsOf(shop, p).some((v) => textMatch(v.sku, text)),
  };
}

export function variantSearch(shop: ShopState): SearchSpec<VariantRecord> {
  const productOf = (v: VariantRecord) => shop.products.get(v.productId)!;
  return {
    fields: {
      sku: (v, _op, value) => exactMatch(v.sku, value),
      // On variants `title` is the variant's own title (e.g. "M"), as in Shopify.
      title: (v, _op, value) => textMatch(v.title, value),
      barcode: (v, _op, value) => exactMatch(v.barcode, value),
      id: (v, op, value) => idMatch(v.id, op, value),
      product_id: (v, op, value) => idMatch(v.productId, op, value),
      product_ids: (v, _op, value) => value.split(",").some((id) => idMatch(v.productId, ":", id.trim())),
      product_status: (v, _op, value) => exactMatch(productOf(v).status, value),
      product_type: (v, _op, value) => exactMatch(productOf(v).productType, value),
      tag: (v, _op, value) => productOf(v).tags.some((t) => exactMatch(t, value)),
      tag_not: (v, _op, value) => !productOf(v).tags.some((t) => exactMatch(t, value)),
      vendor: (v, _op, value) => exactMatch(productOf(v).vendor, value),
      inventory_quantity: (v, op, value) => numberMatch(totalAvailable(v), op, value),
      location_id: (v, _op, value) => v.levels.some((l) => idMatch(l.locationId, ":", value)),
      created_at: (v, op, value) => dateMatch(v.createdAt, op, value),
      updated_at: (v, op, value) => dateMatch(v.updatedAt, op, value),
    },
    freeText: (v, text) => textMatch(v.sku, text) || textMatch(v.title, text) || textMatch(productOf(v).title, text),
  };
}

export function inventoryItemSearch(): SearchSpec<VariantRecord> {
  return {
    fields: {
      sku: (v, _op, value) => exactMatch(v.sku, value),
      id: (v, op, value) => idMatch(v.inventoryItemId, op, value),
      created_at: (v, op, value) => dateMatch(v.createdAt, op, value),
      updated_at: (v, op, value) => dateMatch(v.updatedAt, op, value),
    },
    freeText: (v, text) => textMatch(v.sku, text),
  };
}

export function locationSearch(): SearchSpec<LocationRecord> {
  return {
    fields: {
      name: (l, _op, v) => textMatch(l.name, v),
      id: (l, op, v) => idMatch(l.id, op, v),
      location_id: (l, op, v) => idMatch(l.id, op, v),
      active: (l, _op, v) => l.isActive === (v.toLowerCase() === "true"),
    },
    freeText: (l, text) => textMatch(l.name, text),
  };
}

export function filterBy<T>(items: readonly T[], predicate: ((item: T) => boolean) | null): readonly T[] {
  return predicate ? items.filter(predicate) : items;
}

export { compileSearch };

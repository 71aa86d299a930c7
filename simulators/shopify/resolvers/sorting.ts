// sortKey support. ID order is the stored order (no copy); other keys sort a copy, with the id as
// tie-breaker so cursors stay stable. Keys the simulator cannot rank (RELEVANCE, POPULAR, ...) use ID.
import { totalAvailable, type ProductRecord, type ShopState, type VariantRecord } from "../state";
import { productInventoryTotal } from "./search-specs";

export interface Sorted<T> {
  items: readonly T[];
  idOf: (item: T) => number;
  sortValue?: (item: T) => string | number;
  sortedById: boolean;
}

function sortBy<T>(items: readonly T[], idOf: (item: T) => number, sortValue: (item: T) => string | number): Sorted<T> {
  const sorted = [...items].sort((a, b) => {
    const va = sortValue(a);
    const vb = sortValue(b);
    if (va < vb) return -1;
    if (va > vb) return 1;
    return idOf(a) - idOf(b);
  });
  return { items: sorted, idOf, sortValue, sortedById: false };
}

export function productSortFor(shop: ShopState, sortKey: string, products: readonly ProductRecord[]): Sorted<ProductRecord> {
  const idOf = (p: ProductRecord) => p.id;
  switch (sortKey) {
    case "TITLE":
      return sortBy(products, idOf, (p) => p.title.toLowerCase());
    case "CREATED_AT":
      return sortBy(products, idOf, (p) => p.createdAt);
    case "UPDATED_AT":
      return sortBy(products, idOf, (p) => p.updatedAt);
    case "PRODUCT_TYPE":
      return sortBy(products, idOf, (p) => p.productType.toLowerCase());
    case "VENDOR":
      return sortBy(products, idOf, (p) => p.vendor.toLowerCase());
    case "INVENTORY_TOTAL":
      return sortBy(products, idOf, (p) => productInventoryTotal(shop, p));
    default:
      return { items: products, idOf, sortedById: true };
  }
}

export function variantSortFor(shop: ShopState, sortKey: string, variants: readonly VariantRecord[]): Sorted<VariantRecord> {
  const idOf = (v: VariantRecord) => v.id;
  switch (sortKey) {
    case "SKU":
      return sortBy(variants, idOf, (v) => (v.sku ?? "").toLowerCase());
    case "TITLE":
      return sortBy(variants, idOf, (v) => v.title.toLowerCase());
    case "NAME":
    case "FULL_TITLE":
      return sortBy(variants, idOf, (v) => `${shop.products.get(v.productId)?.title ?? ""} - ${v.title}`.toLowerCase());
    case "POSITION":
      return sortBy(variants, idOf, (v) => v.position);
    case "INVENTORY_QUANTITY":
    case "INVENTORY_LEVELS_AVAILABLE":
      return sortBy(variants, idOf, (v) => totalAvailable(v));
    default: {
      // Product.variants passes its own (unsorted) list; top-level lists are already in id order.
      const ordered = variants.every((v, i) => i === 0 || variants[i - 1].id < v.id);
      return ordered ? { items: variants, idOf, sortedById: true } : sortBy(variants, idOf, (v) => v.id);
    }
  }
}

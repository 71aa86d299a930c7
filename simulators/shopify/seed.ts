// Deterministic seed data: the same shop name always yields the same catalog, SKUs and quantities.
import { createRandom, hashString, pick, type Random } from "../shared/prng";
import {
  addLocation,
  addProduct,
  indexSku,
  SEED_EPOCH,
  type LocationRecord,
  type NewProduct,
  type ProductRecord,
  type ShopState,
  type SimState,
  type VariantRecord,
} from "./state";

export const APP_LOCATION_NAME = "Whiplash Warehouse";
export const SHOP_LOCATION_NAME = "Shop location";

export interface SeedOptions {
  products?: number;
  locations?: number;
}

const ADJECTIVES = ["Classic", "Heavyweight", "Vintage", "Organic", "Everyday", "Premium", "Washed", "Limited"];
const GARMENTS = ["Hoodie", "T-Shirt", "Cap", "Tote Bag", "Sweatshirt", "Beanie", "Poster", "Vinyl Record", "Sticker Pack", "Mug"];
const COLORS = ["Black", "White", "Heather Grey", "Navy", "Forest Green", "Sand"];
const SIZES = ["S", "M", "L", "XL"];
const TAGS = ["apparel", "merch", "summer", "winter", "bestseller", "clearance", "new-arrival"];

export const DEFAULT_SAVED_SEARCHES = [
  { name: "Hoodies", query: "title:Hoodie" },
  { name: "Low stock", query: "inventory_total:<10" },
  { name: "Clearance", query: "tag:clearance" },
];

export function nextSku(shop: ShopState): string {
  return `SKU-${String(shop.nextSkuNumber++).padStart(5, "0")}`;
}

/** Creates the locations (app warehouse first, then the shop's own), products and saved searches. */
export function seedShop(state: SimState, shop: ShopState, options: SeedOptions = {}): void {
  const random = createRandom(hashString(shop.domain));
  const locationCount = Math.max(1, options.locations ?? 2);
  const locations: LocationRecord[] = [addLocation(state, shop, APP_LOCATION_NAME, { fulfillsOnlineOrders: true })];
  if (locationCount >= 2) locations.push(addLocation(state, shop, SHOP_LOCATION_NAME));
  for (let i = 3; i <= locationCount; i++) locations.push(addLocation(state, shop, `Location ${i}`));

  const productCount = options.products ?? 300;
  for (let i = 0; i < productCount; i++) addProduct(state, shop, randomProduct(shop, random, locations, i));

  for (const search of DEFAULT_SAVED_SEARCHES) {
    shop.savedSearches.push({ id: ++state.ids.savedSearch, name: search.name, query: search.query, resourceType: "PRODUCT" });
  }
}

function randomProduct(shop: ShopState, random: Random, locations: LocationRecord[], index: number): NewProduct {
  const garment = pick(random, GARMENTS);
  const color = pick(random, COLORS);
  const title = `${pick(random, ADJECTIVES)} ${color} ${garment}`;
  const variantCount = 1 + Math.floor(random() * 3);
  const sizes = variantCount === 1 ? ["Default Title"] : SIZES.slice(0, variantCount);
  const tags = TAGS.filter(() => random() < 0.2);
  return {
    title,
    // A few drafts and archived products, as real catalogs have.
    status: index % 37 === 36 ? "DRAFT" : index % 53 === 52 ? "ARCHIVED" : "ACTIVE",
    productType: garment,
    vendor: "Whiplash Demo Co",
    tags,
    createdAt: SEED_EPOCH + index * 60_000,
    variants: sizes.map((size) => {
      const sku = nextSku(shop);
      // Every 40th variant does not track inventory, so "not tracked" paths have data.
      const tracked = shop.nextSkuNumber % 40 !== 0;
      const available = Math.floor(random() * 120);
      const levels = [{ locationId: locations[0].id, available, committed: random() < 0.1 ? Math.floor(random() * 5) : 0 }];
      // Roughly one in five items is also stocked at the shop's own location.
      if (locations[1] && random() < 0.2) levels.push({ locationId: locations[1].id, available: Math.floor(random() * 20), committed: 0 });
      return { title: size, sku, tracked, price: `${19 + Math.floor(random() * 40)}.00`, levels };
    }),
  };
}

/**
 * Adds `count` tracked variants (four per product) stocked at the app location with `available`
 * units, returning their inventory item ids. Built for benchmarks that need hundreds of thousands,
 * so it builds records directly instead of going through addProduct.
 */
export function addVariants(
  state: SimState,
  shop: ShopState,
  count: number,
  opts: { available?: number; locationId?: number; titlePrefix?: string } = {},
): number[] {
  const locationId = opts.locationId ?? [...shop.locations.keys()][0];
  if (locationId === undefined) throw new Error(`shop ${shop.domain} has no location`);
  const prefix = opts.titlePrefix ?? "Stock Item";
  const available = opts.available ?? 0;
  const at = Date.now();
  const ids: number[] = new Array(count);
  let made = 0;
  let productNo = shop.products.size + 1;
  while (made < count) {
    const n = Math.min(4, count - made);
    const productId = ++state.ids.product;
    const product: ProductRecord = {
      id: productId,
      title: `${prefix} ${productNo}`,
      handle: `stock-item-${productNo++}`,
      status: "ACTIVE",
      vendor: shop.name,
      productType: "Bulk",
      tags: [],
      createdAt: at,
      updatedAt: at,
      variantIds: [],
    };
    shop.products.set(productId, product);
    shop.productList.push(product);
    for (let i = 0; i < n; i++) {
      const variant: VariantRecord = {
        id: ++state.ids.variant,
        productId,
        inventoryItemId: ++state.ids.inventoryItem,
        title: n === 1 ? "Default Title" : SIZES[i],
        sku: nextSku(shop),
        barcode: null,
        position: i + 1,
        price: "19.00",
        tracked: true,
        requiresShipping: true,
        createdAt: at,
        updatedAt: at,
        levels: [{ locationId, available, committed: 0, incoming: 0, createdAt: at, updatedAt: at }],
      };
      product.variantIds.push(variant.id);
      shop.variants.set(variant.id, variant);
      shop.variantList.push(variant);
      shop.inventoryItems.set(variant.inventoryItemId, variant);
      indexSku(shop, variant.sku!, variant.id);
      ids[made++] = variant.inventoryItemId;
    }
  }
  return ids;
}

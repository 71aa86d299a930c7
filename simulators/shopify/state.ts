// In-process state of the simulated Shopify: shops, catalog, inventory, tokens, history and counters.
// Everything lives in Maps and id-ordered arrays so 400,000 inventory items stay fast to seed, look up
// and page through. A variant and its inventory item are 1:1 in Shopify, so one record holds both
// (half the objects for big stores); GraphQL resolvers wrap it in a typed view per GraphQL type.
import { LeakyBucket, PLAN_LIMITS, type Clock, type Plan } from "./bucket";

export type ProductStatus = "ACTIVE" | "ARCHIVED" | "DRAFT" | "UNLISTED";

export interface LocationRecord {
  id: number;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  shipsInventory: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface ProductRecord {
  id: number;
  title: string;
  handle: string;
  status: ProductStatus;
  vendor: string;
  productType: string;
  tags: string[];
  createdAt: number;
  updatedAt: number;
  variantIds: number[];
}

/** One stocked location of an inventory item. Only active levels exist (deactivation is not simulated). */
export interface LevelRecord {
  locationId: number;
  available: number;
  /** Units committed to unfulfilled orders: part of on_hand, not available. */
  committed: number;
  incoming: number;
  createdAt: number;
  updatedAt: number;
}

/** A product variant together with its inventory item. */
export interface VariantRecord {
  id: number;
  productId: number;
  inventoryItemId: number;
  title: string;
  sku: string | null;
  barcode: string | null;
  position: number;
  price: string;
  tracked: boolean;
  requiresShipping: boolean;
  createdAt: number;
  updatedAt: number;
  levels: LevelRecord[];
}

export interface SavedSearchRecord {
  id: number;
  name: string;
  query: string;
  resourceType: "PRODUCT";
}

/** Who made an inventory change: an app through the Admin API, or a merchant in the admin. */
export type Caller =
  | { type: "app"; clientId: string; tokenType: "offline" | "online"; userId?: number }
  | { type: "merchant"; note?: string };

export interface ChangeRecord {
  inventoryItemId: number;
  locationId: number;
  /** The quantity name that was set ("available" or "on_hand"). */
  name: "available" | "on_hand";
  /** Delta applied to both available and on_hand (setting one moves the other by the same amount). */
  delta: number;
  availableAfter: number;
  onHandAfter: number;
}

export interface AdjustmentGroupRecord {
  id: number;
  createdAt: number;
  reason: string;
  referenceDocumentUri: string | null;
  source: "inventorySetQuantities" | "inventoryActivate" | "merchant" | "order";
  caller: Caller;
  idempotencyKey?: string;
  changes: ChangeRecord[];
}

export interface IdempotencyRecord {
  field: string;
  fingerprint: string;
  /** False when the first attempt returned userErrors and changed nothing: a retry runs again. */
  completed: boolean;
  /** The resolver's payload, re-rendered for a replay so the replay matches whatever is selected. */
  payload: unknown;
  createdAt: number;
}

export type BulkStatus = "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELED" | "CANCELING" | "EXPIRED";

export interface BulkOperationRecord {
  id: number;
  shop: string;
  query: string;
  status: BulkStatus;
  type: "QUERY";
  createdAt: number;
  completedAt: number | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  errorCode: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT" | null;
  /** JSONL result, served at /_sim/bulk/<id>.jsonl once COMPLETED. */
  jsonl: string | null;
}

export interface ShopCounters {
  graphqlRequests: number;
  throttled: number;
  maxCostExceeded: number;
  faultsInjected: number;
  pointsCharged: number;
  /** Mutations answered from the idempotency store instead of being applied again. */
  idempotentReplays: number;
  /**
   * Most writers seen writing this shop at once: distinct `referenceDocumentUri`s (the app names its
   * writer run there) among the inventorySetQuantities calls in flight at the same moment. One writer
   * may have several calls in flight; two different runs overlapping means two writers at once.
   */
  maxConcurrentWriters: number;
  /** GraphQL calls answered with a JSON body (not an injected status, HTML, hang or drop), and their time from arrival to answer, summed. */
  answered: number;
  answerMsTotal: number;
}

export interface ShopState {
  domain: string;
  name: string;
  plan: Plan;
  email: string;
  createdAt: number;
  bucket: LeakyBucket;
  webhooksEnabled: boolean;
  /** Overrides the simulator-wide latency for this shop when set. */
  latencyMs: number | null;
  installed: boolean;
  locations: Map<number, LocationRecord>;
  products: Map<number, ProductRecord>;
  /** Products ordered by id (ids only grow), for cursor paging without sorting. */
  productList: ProductRecord[];
  variants: Map<number, VariantRecord>;
  variantList: VariantRecord[];
  /** Inventory item id -> the variant record holding it. */
  inventoryItems: Map<number, VariantRecord>;
  /** Lower-cased SKU -> variant id(s). */
  skuIndex: Map<string, number | number[]>;
  savedSearches: SavedSearchRecord[];
  idempotency: Map<string, IdempotencyRecord>;
  history: AdjustmentGroupRecord[];
  bulkOperations: BulkOperationRecord[];
  counters: ShopCounters;
  /** inventorySetQuantities calls in flight by referenceDocumentUri (see ShopCounters.maxConcurrentWriters). */
  writesInFlight: Map<string, number>;
  /** Next number for generated SKUs ("SKU-00001", ...), so SKUs stay unique as variants are added. */
  nextSkuNumber: number;
}

export interface TokenExchangeRecord {
  at: number;
  shop: string;
  clientId: string;
  grantType: string;
  requestedTokenType: string | null;
  subjectTokenType: string | null;
  expiring: boolean;
  ok: boolean;
  status: number;
  error?: string;
  accessTokenIssued?: string;
}

export interface AccessTokenRecord {
  token: string;
  shop: string;
  clientId: string;
  scope: string;
  online: boolean;
  userId?: number;
  /** Epoch ms; undefined for non-expiring offline tokens. */
  expiresAt?: number;
  issuedAt: number;
}

export interface RefreshTokenRecord {
  token: string;
  shop: string;
  clientId: string;
  scope: string;
  expiresAt: number;
  /** The refresh token that replaced this one; this one is retired once its replacement is used. */
  replacedBy?: string;
  retired: boolean;
}

export interface WebhookDelivery {
  id: string;
  at: number;
  shop: string;
  topic: string;
  url: string;
  status: number | null;
  ok: boolean;
  error?: string;
  payload: unknown;
}

export interface IdCounters {
  product: number;
  variant: number;
  inventoryItem: number;
  location: number;
  savedSearch: number;
  adjustmentGroup: number;
  bulkOperation: number;
}

export interface SimState {
  shops: Map<string, ShopState>;
  defaultShop: string | null;
  tokenExchanges: TokenExchangeRecord[];
  accessTokens: Map<string, AccessTokenRecord>;
  refreshTokens: Map<string, RefreshTokenRecord>;
  webhookDeliveries: WebhookDelivery[];
  ids: IdCounters;
  /** Totals across shops, for quick assertions. */
  totals: { graphqlRequests: number; throttled: number; unauthorized: number };
}

export const SEED_EPOCH = Date.UTC(2026, 0, 15, 12, 0, 0);

export function createSimState(): SimState {
  return {
    shops: new Map(),
    defaultShop: null,
    tokenExchanges: [],
    accessTokens: new Map(),
    refreshTokens: new Map(),
    webhookDeliveries: [],
    ids: {
      product: 8_000_000_000,
      variant: 44_000_000_000,
      inventoryItem: 46_000_000_000,
      location: 70_000_000,
      savedSearch: 1_200_000,
      adjustmentGroup: 90_000_000_000,
      bulkOperation: 5_000_000,
    },
    totals: { graphqlRequests: 0, throttled: 0, unauthorized: 0 },
  };
}

export function shopName(domain: string): string {
  return domain.replace(/\.myshopify\.com$/i, "");
}

export function createShop(state: SimState, domain: string, plan: Plan, clock: Clock): ShopState {
  const name = shopName(domain);
  const shop: ShopState = {
    domain,
    name: name
      .split("-")
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(" "),
    plan,
    email: `owner@${name}.example`,
    createdAt: SEED_EPOCH,
    bucket: new LeakyBucket(PLAN_LIMITS[plan], clock),
    webhooksEnabled: false,
    latencyMs: null,
    installed: true,
    locations: new Map(),
    products: new Map(),
    productList: [],
    variants: new Map(),
    variantList: [],
    inventoryItems: new Map(),
    skuIndex: new Map(),
    savedSearches: [],
    idempotency: new Map(),
    history: [],
    bulkOperations: [],
    counters: { graphqlRequests: 0, throttled: 0, maxCostExceeded: 0, faultsInjected: 0, pointsCharged: 0, idempotentReplays: 0, maxConcurrentWriters: 0, answered: 0, answerMsTotal: 0 },
    writesInFlight: new Map(),
    nextSkuNumber: 1,
  };
  state.shops.set(domain, shop);
  return shop;
}

export function setShopPlan(shop: ShopState, plan: Plan): void {
  shop.plan = plan;
  shop.bucket.setLimits(PLAN_LIMITS[plan]);
}

export function addLocation(
  state: SimState,
  shop: ShopState,
  name: string,
  opts: Partial<Pick<LocationRecord, "isActive" | "fulfillsOnlineOrders" | "shipsInventory">> = {},
): LocationRecord {
  const id = ++state.ids.location;
  const location: LocationRecord = {
    id,
    name,
    isActive: opts.isActive ?? true,
    fulfillsOnlineOrders: opts.fulfillsOnlineOrders ?? true,
    shipsInventory: opts.shipsInventory ?? true,
    createdAt: SEED_EPOCH,
    updatedAt: SEED_EPOCH,
  };
  shop.locations.set(id, location);
  return location;
}

export interface NewProduct {
  title: string;
  status?: ProductStatus;
  vendor?: string;
  productType?: string;
  tags?: string[];
  createdAt?: number;
  variants: { title: string; sku: string | null; price?: string; tracked?: boolean; levels?: { locationId: number; available: number; committed?: number }[] }[];
}

export function addProduct(state: SimState, shop: ShopState, input: NewProduct): ProductRecord {
  const id = ++state.ids.product;
  const at = input.createdAt ?? SEED_EPOCH;
  const product: ProductRecord = {
    id,
    title: input.title,
    handle: handleize(input.title, id),
    status: input.status ?? "ACTIVE",
    vendor: input.vendor ?? shop.name,
    productType: input.productType ?? "",
    tags: input.tags ?? [],
    createdAt: at,
    updatedAt: at,
    variantIds: [],
  };
  shop.products.set(id, product);
  shop.productList.push(product);
  input.variants.forEach((v, index) => {
    const variant: VariantRecord = {
      id: ++state.ids.variant,
      productId: id,
      inventoryItemId: ++state.ids.inventoryItem,
      title: v.title,
      sku: v.sku,
      barcode: null,
      position: index + 1,
      price: v.price ?? "19.00",
      tracked: v.tracked ?? true,
      requiresShipping: true,
      createdAt: at,
      updatedAt: at,
      levels: (v.levels ?? []).map((l) => ({
        locationId: l.locationId,
        available: l.available,
        committed: l.committed ?? 0,
        incoming: 0,
        createdAt: at,
        updatedAt: at,
      })),
    };
    product.variantIds.push(variant.id);
    shop.variants.set(variant.id, variant);
    shop.variantList.push(variant);
    shop.inventoryItems.set(variant.inventoryItemId, variant);
    if (variant.sku) indexSku(shop, variant.sku, variant.id);
  });
  return product;
}

function handleize(title: string, id: number): string {
  const base = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
  return `${base || "product"}-${id % 100000}`;
}

export function indexSku(shop: ShopState, sku: string, variantId: number): void {
  const key = sku.toLowerCase();
  const existing = shop.skuIndex.get(key);
  if (existing === undefined) shop.skuIndex.set(key, variantId);
  else if (typeof existing === "number") shop.skuIndex.set(key, [existing, variantId]);
  else existing.push(variantId);
}

export function variantsBySku(shop: ShopState, sku: string): VariantRecord[] {
  const hit = shop.skuIndex.get(sku.toLowerCase());
  if (hit === undefined) return [];
  const ids = typeof hit === "number" ? [hit] : hit;
  return ids.map((id) => shop.variants.get(id)!).filter(Boolean);
}

export function findLevel(variant: VariantRecord, locationId: number): LevelRecord | undefined {
  for (const level of variant.levels) if (level.locationId === locationId) return level;
  return undefined;
}

export function onHand(level: LevelRecord): number {
  return level.available + level.committed;
}

/** Quantity names Shopify knows; the ones not modelled separately are always 0 here. */
export const QUANTITY_NAMES = [
  "available",
  "on_hand",
  "committed",
  "incoming",
  "reserved",
  "damaged",
  "safety_stock",
  "quality_control",
] as const;

export function quantityOf(level: LevelRecord, name: string): number | null {
  switch (name) {
    case "available":
      return level.available;
    case "on_hand":
      return onHand(level);
    case "committed":
      return level.committed;
    case "incoming":
      return level.incoming;
    case "reserved":
    case "damaged":
    case "safety_stock":
    case "quality_control":
      return 0;
    default:
      return null;
  }
}

/**
 * Sets `name` at one level to `quantity` and returns the change. Setting available moves on_hand by
 * the same delta and vice versa (committed stays), which is how Shopify's quantity states relate.
 */
export function setLevelQuantity(
  variant: VariantRecord,
  level: LevelRecord,
  name: "available" | "on_hand",
  quantity: number,
  at: number,
): ChangeRecord {
  const before = name === "available" ? level.available : onHand(level);
  const delta = quantity - before;
  level.available += delta;
  level.updatedAt = at;
  variant.updatedAt = at;
  return {
    inventoryItemId: variant.inventoryItemId,
    locationId: level.locationId,
    name,
    delta,
    availableAfter: level.available,
    onHandAfter: onHand(level),
  };
}

export function activateLevel(variant: VariantRecord, locationId: number, available: number, at: number): LevelRecord {
  const level: LevelRecord = { locationId, available, committed: 0, incoming: 0, createdAt: at, updatedAt: at };
  variant.levels.push(level);
  variant.updatedAt = at;
  return level;
}

export function recordAdjustment(
  state: SimState,
  shop: ShopState,
  group: Omit<AdjustmentGroupRecord, "id">,
): AdjustmentGroupRecord {
  const record: AdjustmentGroupRecord = { id: ++state.ids.adjustmentGroup, ...group };
  shop.history.push(record);
  return record;
}

/** Inventory history for one item (newest last), as the merchant would see it in the admin. */
export function historyForItem(shop: ShopState, inventoryItemId: number) {
  const rows: (ChangeRecord & { groupId: number; at: number; reason: string; referenceDocumentUri: string | null; source: AdjustmentGroupRecord["source"]; caller: Caller })[] = [];
  for (const group of shop.history) {
    for (const change of group.changes) {
      if (change.inventoryItemId !== inventoryItemId) continue;
      rows.push({
        ...change,
        groupId: group.id,
        at: group.createdAt,
        reason: group.reason,
        referenceDocumentUri: group.referenceDocumentUri,
        source: group.source,
        caller: group.caller,
      });
    }
  }
  return rows;
}

export function totalAvailable(variant: VariantRecord): number {
  let sum = 0;
  for (const level of variant.levels) sum += level.available;
  return sum;
}

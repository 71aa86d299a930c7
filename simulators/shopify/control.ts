// Runtime control of the simulator, shared by the module API (index.ts) and the /_sim JSON endpoints:
// plans, latency, faults, cost model, merchant edits, large-store seeding, webhooks, reset.
import { SimOrders, type PlaceOrderInput, type SimOrder } from "./orders";
import { isPlan, PLAN_LIMITS, type Plan } from "./bucket";
import { DEFAULT_COST_MODEL, type CostModel } from "./cost";
import type { FaultRule } from "./faults";
import { gid, idOf } from "./ids";
import type { Runtime } from "./runtime";
import { addVariants, seedShop, type SeedOptions } from "./seed";
import {
  activateLevel,
  createShop,
  createSimState,
  findLevel,
  historyForItem,
  onHand,
  recordAdjustment,
  setLevelQuantity,
  setShopPlan,
  variantsBySku,
  type ShopState,
  type VariantRecord,
  type WebhookDelivery,
} from "./state";
import { inventoryLevelPayload } from "./webhooks";

export class SimError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface MerchantSetInput {
  /** Inventory item gid or numeric id; or give `sku`. */
  inventoryItemId?: string | number;
  sku?: string;
  /** Location gid or numeric id; default: the shop's first location (the app's warehouse). */
  locationId?: string | number;
  quantity: number;
  name?: "available" | "on_hand";
  /** Send inventory_levels/update even when the shop's webhooks are off. */
  forceWebhook?: boolean;
}

export interface InventoryRow {
  inventoryItemId: string;
  variantId: string;
  sku: string | null;
  tracked: boolean;
  locationId: string;
  available: number;
  onHand: number;
  updatedAt: string;
}

function numericId(value: string | number | undefined, type: "InventoryItem" | "Location"): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "number") return value;
  return /^\d+$/.test(value) ? Number(value) : idOf(value, type);
}

export class SimControl {
  /** Customers' orders (simulators/shopify/orders.ts). */
  readonly orders: SimOrders;

  constructor(private readonly runtime: Runtime) {
    this.orders = new SimOrders(runtime);
  }

  /** A customer buys (available -> committed, orders/create); null when a line asks for more than is available. */
  placeOrder(domain: string, input: PlaceOrderInput): { order: SimOrder; webhooks: Promise<unknown>[] } | null {
    const shop = this.shop(domain);
    if (!Array.isArray(input.lines) || input.lines.length === 0) throw new SimError(400, "an order needs lines");
    return this.orders.place(shop, input, (line) => this.findVariant(shop, line));
  }

  /** Cancels an order and restocks it (orders/cancelled); null when unknown or already cancelled. */
  cancelOrder(domain: string, orderId: number): { order: SimOrder; webhooks: Promise<unknown>[] } | null {
    return this.orders.cancel(this.shop(domain), orderId);
  }

  shop(domain: string): ShopState {
    const shop = this.runtime.state.shops.get(domain);
    if (!shop) throw new SimError(404, `unknown shop ${domain}`);
    return shop;
  }

  createShop(domain: string, opts: SeedOptions & { plan?: Plan; webhooks?: boolean } = {}): ShopState {
    if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i.test(domain)) throw new SimError(400, `${domain} is not a myshopify.com domain`);
    if (this.runtime.state.shops.has(domain)) throw new SimError(409, `shop ${domain} exists`);
    const shop = createShop(this.runtime.state, domain, opts.plan ?? this.runtime.defaultPlan, this.runtime.clock);
    shop.webhooksEnabled = opts.webhooks ?? this.runtime.webhooksByDefault;
    seedShop(this.runtime.state, shop, opts);
    return shop;
  }

  setPlan(domain: string, plan: string): void {
    if (!isPlan(plan)) throw new SimError(400, `plan must be one of ${Object.keys(PLAN_LIMITS).join(", ")}`);
    setShopPlan(this.shop(domain), plan);
  }

  setLatency(latencyMs: number, domain?: string): void {
    if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new SimError(400, "latencyMs must be a number >= 0");
    if (domain) this.shop(domain).latencyMs = latencyMs;
    else this.runtime.latencyMs = latencyMs;
  }

  setCostModel(model: Partial<CostModel>): CostModel {
    for (const [key, value] of Object.entries(model)) {
      if (!(key in DEFAULT_COST_MODEL) || typeof value !== "number" || value < 0) throw new SimError(400, `bad cost model field ${key}`);
    }
    Object.assign(this.runtime.costModel, model);
    return { ...this.runtime.costModel };
  }

  addFault(rule: FaultRule) {
    try {
      return this.runtime.faults.add(rule);
    } catch (error) {
      throw new SimError(400, (error as Error).message);
    }
  }

  clearFaults(): void {
    this.runtime.faults.clear();
  }

  setWebhooks(domain: string, enabled: boolean): void {
    this.shop(domain).webhooksEnabled = enabled;
  }

  addVariants(domain: string, count: number, opts: { available?: number; locationId?: string | number } = {}): number[] {
    if (!Number.isInteger(count) || count < 0) throw new SimError(400, "count must be a whole number");
    const shop = this.shop(domain);
    const locationId = numericId(opts.locationId, "Location") ?? undefined;
    if (locationId !== undefined && !shop.locations.has(locationId)) throw new SimError(400, "unknown location");
    return addVariants(this.runtime.state, shop, count, { available: opts.available, locationId });
  }

  private findVariant(shop: ShopState, input: { inventoryItemId?: string | number; sku?: string }): VariantRecord {
    const itemId = numericId(input.inventoryItemId, "InventoryItem");
    const variant = itemId !== null ? shop.inventoryItems.get(itemId) : input.sku ? variantsBySku(shop, input.sku)[0] : undefined;
    if (!variant) throw new SimError(404, "inventory item not found");
    return variant;
  }

  /** A merchant edits a quantity in the Shopify admin (stocking the item there if needed). */
  merchantSetQuantity(domain: string, input: MerchantSetInput): { row: InventoryRow; delta: number; webhook: Promise<WebhookDelivery> | null } {
    const shop = this.shop(domain);
    if (!Number.isInteger(input.quantity)) throw new SimError(400, "quantity must be a whole number");
    const variant = this.findVariant(shop, input);
    const locationId = numericId(input.locationId, "Location") ?? [...shop.locations.keys()][0];
    if (!shop.locations.has(locationId)) throw new SimError(404, "location not found");
    const now = Date.now();
    const level = findLevel(variant, locationId) ?? activateLevel(variant, locationId, 0, now);
    const change = setLevelQuantity(variant, level, input.name ?? "available", input.quantity, now);
    recordAdjustment(this.runtime.state, shop, {
      createdAt: now,
      reason: "correction",
      referenceDocumentUri: null,
      source: "merchant",
      caller: { type: "merchant" },
      changes: [change],
    });
    const webhook =
      shop.webhooksEnabled || input.forceWebhook
        ? this.runtime.webhooks.send(shop.domain, "inventory_levels/update", inventoryLevelPayload(variant, level))
        : null;
    return { row: this.row(variant, level), delta: change.delta, webhook };
  }

  private row(variant: VariantRecord, level: VariantRecord["levels"][number]): InventoryRow {
    return {
      inventoryItemId: gid("InventoryItem", variant.inventoryItemId),
      variantId: gid("ProductVariant", variant.id),
      sku: variant.sku,
      tracked: variant.tracked,
      locationId: gid("Location", level.locationId),
      available: level.available,
      onHand: onHand(level),
      updatedAt: new Date(level.updatedAt).toISOString(),
    };
  }

  inventoryLevels(domain: string, filter: { locationId?: string | number; sku?: string; offset?: number; limit?: number } = {}): { total: number; rows: InventoryRow[] } {
    const shop = this.shop(domain);
    const locationId = numericId(filter.locationId, "Location");
    const variants = filter.sku ? variantsBySku(shop, filter.sku) : shop.variantList;
    const rows: InventoryRow[] = [];
    for (const variant of variants) {
      for (const level of variant.levels) if (locationId === null || level.locationId === locationId) rows.push(this.row(variant, level));
    }
    const offset = filter.offset ?? 0;
    return { total: rows.length, rows: filter.limit === undefined ? rows.slice(offset) : rows.slice(offset, offset + filter.limit) };
  }

  history(domain: string, inventoryItemId?: string | number) {
    const shop = this.shop(domain);
    const itemId = numericId(inventoryItemId, "InventoryItem");
    if (itemId !== null) return historyForItem(shop, itemId);
    return shop.history;
  }

  uninstall(domain: string): Promise<WebhookDelivery> {
    const shop = this.shop(domain);
    shop.installed = false;
    for (const [token, record] of this.runtime.state.accessTokens) if (record.shop === domain) this.runtime.state.accessTokens.delete(token);
    for (const [token, record] of this.runtime.state.refreshTokens) if (record.shop === domain) this.runtime.state.refreshTokens.delete(token);
    return this.runtime.webhooks.send(domain, "app/uninstalled", { id: 1, name: shop.name, email: shop.email, domain: shop.domain, myshopify_domain: shop.domain });
  }

  /**
   * Back to the seeded state: shops re-seeded (same ids, same quantities), history, idempotency keys,
   * bulk operations, faults, latency and cost model reset. Issued access tokens survive unless
   * `tokens` is true, so a running app keeps its sessions.
   */
  reset(opts: { tokens?: boolean } = {}, initial: { latencyMs: number; costModel: CostModel }): void {
    const { state } = this.runtime;
    const keepTokens = !opts.tokens;
    const tokens = state.accessTokens;
    const refresh = state.refreshTokens;
    const exchanges = state.tokenExchanges;
    for (const timer of this.runtime.timers) clearTimeout(timer);
    this.runtime.timers.clear();
    Object.assign(state, createSimState());
    if (keepTokens) {
      state.accessTokens = tokens;
      state.refreshTokens = refresh;
      state.tokenExchanges = exchanges;
    }
    this.runtime.latencyMs = initial.latencyMs;
    this.runtime.costModel = { ...initial.costModel };
    this.runtime.faults.clear();
    this.runtime.faults.resetTotals();
    if (this.runtime.seed) this.runtime.ensureShop(this.runtime.seed.shop);
    for (const record of state.accessTokens.values()) this.runtime.ensureShop(record.shop);
  }

  summary() {
    const { runtime } = this;
    return {
      url: runtime.baseUrl,
      apiKey: runtime.apiKey,
      appUrl: runtime.appUrl,
      defaultShop: runtime.state.defaultShop,
      latencyMs: runtime.latencyMs,
      costModel: runtime.costModel,
      faults: runtime.faults.list(),
      faultTotals: runtime.faults.totals,
      totals: runtime.state.totals,
      shops: [...runtime.state.shops.values()].map((shop) => ({
        domain: shop.domain,
        name: shop.name,
        plan: shop.plan,
        installed: shop.installed,
        webhooksEnabled: shop.webhooksEnabled,
        latencyMs: shop.latencyMs,
        throttleStatus: shop.bucket.status(),
        counters: shop.counters,
        locations: [...shop.locations.values()].map((l) => ({ id: gid("Location", l.id), name: l.name, isActive: l.isActive })),
        products: shop.products.size,
        variants: shop.variants.size,
        savedSearches: shop.savedSearches.map((s) => ({ id: gid("SavedSearch", s.id), name: s.name, query: s.query })),
        adjustmentGroups: shop.history.length,
        bulkOperations: shop.bulkOperations.length,
      })),
      tokenExchanges: { count: runtime.state.tokenExchanges.length, recent: runtime.state.tokenExchanges.slice(-20) },
      accessTokens: runtime.state.accessTokens.size,
      webhookDeliveries: { count: runtime.state.webhookDeliveries.length, recent: runtime.state.webhookDeliveries.slice(-20) },
    };
  }
}

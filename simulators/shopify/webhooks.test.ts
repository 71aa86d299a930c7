// Webhooks to the app, checked with @shopify/shopify-api's own validation (what authenticate.webhook uses).
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ShopifySim } from "./index";
import { simWithClient, TEST_APP, type GqlResponse } from "./test-support";

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
  valid: boolean;
  topic?: string;
}

const api = shopifyApi({
  apiKey: TEST_APP.apiKey,
  apiSecretKey: TEST_APP.apiSecret,
  apiVersion: ApiVersion.July26,
  hostName: "127.0.0.1",
  isEmbeddedApp: true,
  logger: { level: 0 },
});

let app: Server;
let received: Received[] = [];
let sim: ShopifySim;
let shop: string;
let gql: (q: string, v?: Record<string, unknown>) => Promise<GqlResponse>;

beforeAll(async () => {
  app = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString("utf8");
    const check = await api.webhooks.validate({ rawBody, rawRequest: req, rawResponse: res });
    received.push({ path: req.url ?? "", headers: req.headers, body: JSON.parse(rawBody), valid: check.valid, topic: check.valid ? check.topic : undefined });
    res.writeHead(check.valid ? 200 : 401).end();
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  ({ sim, shop, gql } = await simWithClient({ appUrl, webhooks: true }));
});
afterAll(async () => {
  await sim.close();
  await new Promise((resolve) => app.close(resolve));
});
beforeEach(() => {
  received = [];
});

describe("webhooks", () => {
  it("signs deliveries the way @shopify/shopify-api verifies them, with every Shopify header", async () => {
    const delivery = await sim.sendWebhook(shop, "app/uninstalled", { id: 1, domain: shop });
    expect(delivery).toMatchObject({ ok: true, status: 200, url: expect.stringMatching(/\/webhooks\/app\/uninstalled$/) });
    expect(received).toHaveLength(1);
    const [hook] = received;
    expect(hook.valid).toBe(true);
    expect(hook.topic).toBe("APP_UNINSTALLED");
    expect(hook.path).toBe("/webhooks/app/uninstalled");
    for (const header of ["x-shopify-topic", "x-shopify-hmac-sha256", "x-shopify-shop-domain", "x-shopify-webhook-id", "x-shopify-event-id", "x-shopify-triggered-at", "x-shopify-api-version"]) {
      expect(hook.headers[header], header).toBeTruthy();
    }
    expect(hook.headers["x-shopify-api-version"]).toBe("2026-07");
  });

  it("sends inventory_levels/update with Shopify's payload when a merchant edits a quantity", async () => {
    const variant = sim.shop().variantList[0];
    const result = await sim.merchantSetQuantity(shop, { sku: variant.sku!, quantity: 42 });
    expect(result.webhook?.ok).toBe(true);
    expect(received[0].valid).toBe(true);
    expect(received[0].path).toBe("/webhooks/inventory_levels/update");
    expect(received[0].body).toEqual({
      inventory_item_id: variant.inventoryItemId,
      location_id: variant.levels[0].locationId,
      available: 42,
      updated_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/),
      admin_graphql_api_id: `gid://shopify/InventoryLevel/${variant.levels[0].locationId}?inventory_item_id=${variant.inventoryItemId}`,
    });
  });

  it("a customer's order: available -> committed, orders/create (and inventory_levels/update); cancel restocks", async () => {
    const variant = sim.shop().variantList[2];
    await sim.merchantSetQuantity(shop, { sku: variant.sku!, quantity: 5 });
    await sim.webhooksIdle();
    received = [];
    expect(await sim.placeOrder(shop, { lines: [{ sku: variant.sku!, quantity: 6 }] })).toBeNull(); // more than available
    const order = (await sim.placeOrder(shop, { lines: [{ sku: variant.sku!, quantity: 2 }] }))!;
    await sim.webhooksIdle();
    expect(variant.levels[0]).toMatchObject({ available: 3, committed: 2 });
    const created = received.find((r) => r.topic === "ORDERS_CREATE")!;
    expect(created.valid).toBe(true);
    expect(created.path).toBe("/webhooks/orders/create");
    expect(created.body).toMatchObject({
      id: order.id,
      cancelled_at: null,
      location_id: null,
      line_items: [{ variant_id: variant.id, quantity: 2, fulfillable_quantity: 2 }],
    });
    expect(received.some((r) => r.topic === "INVENTORY_LEVELS_UPDATE")).toBe(true);

    received = [];
    await sim.cancelOrder(shop, order.id);
    await sim.webhooksIdle();
    expect(variant.levels[0]).toMatchObject({ available: 5, committed: 0 });
    expect(received.find((r) => r.topic === "ORDERS_CANCELLED")?.body).toMatchObject({ id: order.id, cancelled_at: expect.any(String) });
  });

  it("CHANGE_FROM_QUANTITY_STALE when changeFromQuantity is not what Shopify holds; nothing of the call is applied", async () => {
    const [a, b] = sim.shop().variantList.slice(3, 5);
    const q = (v: typeof a, quantity: number, changeFromQuantity: number | null) => ({
      inventoryItemId: `gid://shopify/InventoryItem/${v.inventoryItemId}`,
      locationId: `gid://shopify/Location/${v.levels[0].locationId}`,
      quantity,
      changeFromQuantity,
    });
    const before = [a.levels[0].available, b.levels[0].available];
    const res = await gql(
      `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) @idempotent(key: "cas-1") { inventoryAdjustmentGroup { id } userErrors { code field } } }`,
      { input: { name: "available", reason: "correction", quantities: [q(a, 9, before[0]), q(b, 9, before[1] + 1)] } },
    );
    expect(res.body.data).toMatchObject({
      inventorySetQuantities: { inventoryAdjustmentGroup: null, userErrors: [{ code: "CHANGE_FROM_QUANTITY_STALE", field: ["input", "quantities", "1", "changeFromQuantity"] }] },
    });
    expect([a.levels[0].available, b.levels[0].available]).toEqual(before);
  });

  it("also fires for the app's own writes, as Shopify does", async () => {
    const variant = sim.shop().variantList[1];
    await gql(
      `mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) @idempotent(key: "own-write") { userErrors { code } } }`,
      { input: { name: "available", reason: "correction", quantities: [{ inventoryItemId: `gid://shopify/InventoryItem/${variant.inventoryItemId}`, locationId: `gid://shopify/Location/${variant.levels[0].locationId}`, quantity: 123, changeFromQuantity: null }] } },
    );
    await sim.webhooksIdle();
    expect(received.map((r) => (r.body as { available: number }).available)).toEqual([123]);
  });

  it("stays quiet for shops with webhooks off, and through the admin endpoint", async () => {
    sim.setWebhooks(shop, false);
    await sim.merchantSetQuantity(shop, { sku: "SKU-00003", quantity: 1 });
    await sim.webhooksIdle();
    expect(received).toHaveLength(0);
    const res = await fetch(`${sim.url}/_sim/shops/${shop}/inventory`, { method: "POST", body: JSON.stringify({ sku: "SKU-00003", quantity: 2, forceWebhook: true }) });
    expect(await res.json()).toMatchObject({ sku: "SKU-00003", available: 2, webhook: { ok: true } });
    expect(received).toHaveLength(1);
    sim.setWebhooks(shop, true);
  });

  it("records deliveries that fail", async () => {
    const delivery = await sim.sendWebhook(shop, "custom/topic", {});
    expect(delivery).toMatchObject({ ok: true });
    received = [];
    const sim2 = await import("./index").then((m) => m.startShopifySimulator({ ...TEST_APP, appUrl: "http://127.0.0.1:9", seed: { products: 1 } }));
    try {
      const failed = await sim2.sendWebhook(sim2.defaultShop!, "app/uninstalled", {});
      expect(failed.ok).toBe(false);
      expect(failed.error ?? failed.status).toBeTruthy();
    } finally {
      await sim2.close();
    }
  });
});

// JSON endpoints under /_sim for tests, benchmarks, the demo and people poking at the simulator.
//   GET  /_sim/state                              summary of shops, counters, tokens, faults
//   POST /_sim/reset            {tokens?}          back to the seed (keeps issued tokens unless tokens:true)
//   POST /_sim/plan             {shop?, plan}      switch a shop's plan (bucket size and restore rate)
//   POST /_sim/latency          {latencyMs, shop?} per-call latency, simulator-wide or for one shop
//   GET  /_sim/faults | POST /_sim/faults {add: rule|rule[]} | {clear: true}  (GET: rules, totals by kind and by operation)
//   POST /_sim/cost             {mutationCost?, inventorySetQuantitiesPerQuantity?, maxQueryCost?}
//   POST /_sim/shops            {shop, products?, locations?, plan?, webhooks?}
//   GET  /_sim/shops/:shop/inventory?locationId=&sku=&offset=&limit=
//   POST /_sim/shops/:shop/inventory  {inventoryItemId|sku, locationId?, quantity, name?}  (merchant edit)
//   GET  /_sim/shops/:shop/history?inventoryItemId=
//   POST /_sim/shops/:shop/plan {plan} | /webhooks {enabled} | /latency {latencyMs}
//   POST /_sim/shops/:shop/variants {count, available?, locationId?}
//   POST /_sim/shops/:shop/uninstall
//   GET  /_sim/session-token?shop=  (CORS)   a fresh session token, for the App Bridge stub
//   GET  /_sim/webhooks | POST /_sim/webhooks {shop, topic, payload}
//   GET  /_sim/token-exchanges
//   GET  /_sim/bulk/:id.jsonl
import { orderPayload } from "./orders";
import type { IncomingMessage, ServerResponse } from "node:http";
import { SimControl, SimError } from "./control";
import type { CostModel } from "./cost";
import type { FaultRule } from "./faults";
import { CORS_HEADERS, readBody, sendJson, sendText } from "./http-util";
import type { Runtime } from "./runtime";
import { mintSessionToken } from "./session-token";

type Body = Record<string, unknown>;

async function jsonBody(req: IncomingMessage): Promise<Body> {
  const raw = await readBody(req);
  if (!raw.trim()) return {};
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Body;
  } catch {
    /* fall through */
  }
  throw new SimError(400, "body must be a JSON object");
}

function num(value: string | null): number | undefined {
  return value === null || value === "" ? undefined : Number(value);
}

export async function handleSimRequest(
  runtime: Runtime,
  control: SimControl,
  initial: { latencyMs: number; costModel: CostModel },
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const method = req.method ?? "GET";
  const path = url.pathname.replace(/\/+$/, "");
  const defaultShop = () => runtime.state.defaultShop ?? [...runtime.state.shops.keys()][0] ?? "";
  try {
    if (path === "/_sim/session-token") {
      const shop = url.searchParams.get("shop") ?? defaultShop();
      if (!runtime.state.shops.has(shop)) throw new SimError(404, `unknown shop ${shop}`);
      const token = await mintSessionToken(shop, runtime.apiKey, runtime.apiSecret, { sub: url.searchParams.get("sub") ?? undefined });
      return sendJson(res, 200, { token }, { ...CORS_HEADERS, "Cache-Control": "no-store" });
    }
    if (method === "GET" && path === "/_sim/state") return sendJson(res, 200, control.summary());
    if (method === "POST" && path === "/_sim/reset") {
      const body = await jsonBody(req);
      control.reset({ tokens: body.tokens === true }, initial);
      return sendJson(res, 200, { ok: true });
    }
    if (method === "POST" && path === "/_sim/plan") {
      const body = await jsonBody(req);
      control.setPlan(String(body.shop ?? defaultShop()), String(body.plan));
      return sendJson(res, 200, { ok: true });
    }
    if (method === "POST" && path === "/_sim/latency") {
      const body = await jsonBody(req);
      control.setLatency(Number(body.latencyMs), body.shop ? String(body.shop) : undefined);
      return sendJson(res, 200, { ok: true });
    }
    if (path === "/_sim/faults") {
      if (method === "GET") return sendJson(res, 200, { faults: runtime.faults.list(), totals: runtime.faults.totals, byOperation: runtime.faults.byOperation, log: runtime.faults.log.slice(-100) });
      const body = await jsonBody(req);
      if (body.clear) control.clearFaults();
      const add = body.add ?? (body.kind ? body : undefined);
      const added = add ? (Array.isArray(add) ? add : [add]).map((rule) => control.addFault(rule as FaultRule)) : [];
      return sendJson(res, 200, { added, faults: runtime.faults.list() });
    }
    if (method === "POST" && path === "/_sim/cost") return sendJson(res, 200, control.setCostModel((await jsonBody(req)) as Partial<CostModel>));
    if (method === "POST" && path === "/_sim/shops") {
      const body = await jsonBody(req);
      const shop = control.createShop(String(body.shop ?? ""), {
        products: body.products as number | undefined,
        locations: body.locations as number | undefined,
        plan: body.plan as never,
        webhooks: body.webhooks as boolean | undefined,
      });
      return sendJson(res, 201, { shop: shop.domain });
    }
    if (path === "/_sim/webhooks") {
      if (method === "GET") return sendJson(res, 200, { deliveries: runtime.state.webhookDeliveries.slice(-500) });
      const body = await jsonBody(req);
      const delivery = await runtime.webhooks.send(String(body.shop ?? defaultShop()), String(body.topic), body.payload ?? {});
      return sendJson(res, 200, delivery);
    }
    if (method === "GET" && path === "/_sim/token-exchanges") return sendJson(res, 200, { exchanges: runtime.state.tokenExchanges });

    const bulk = /^\/_sim\/bulk\/(\d+)\.jsonl$/.exec(path);
    if (method === "GET" && bulk) {
      const rec = [...runtime.state.shops.values()].flatMap((s) => s.bulkOperations).find((op) => op.id === Number(bulk[1]));
      if (!rec || rec.jsonl === null) throw new SimError(404, "no such bulk operation result");
      return sendText(res, 200, rec.jsonl, "application/jsonl");
    }

    const shopRoute = /^\/_sim\/shops\/([^/]+)\/([a-z]+)$/.exec(path);
    if (shopRoute) {
      const shop = decodeURIComponent(shopRoute[1]);
      const action = shopRoute[2];
      if (action === "inventory" && method === "GET") {
        const p = url.searchParams;
        return sendJson(res, 200, control.inventoryLevels(shop, { locationId: p.get("locationId") ?? undefined, sku: p.get("sku") ?? undefined, offset: num(p.get("offset")), limit: num(p.get("limit")) }));
      }
      if (action === "history" && method === "GET") {
        return sendJson(res, 200, { history: control.history(shop, url.searchParams.get("inventoryItemId") ?? undefined) });
      }
      const body = method === "POST" ? await jsonBody(req) : {};
      switch (method === "POST" ? action : "") {
        case "inventory": {
          const result = control.merchantSetQuantity(shop, body as never);
          const webhook = result.webhook ? await result.webhook : null;
          return sendJson(res, 200, { ...result.row, delta: result.delta, webhook });
        }
        case "plan":
          control.setPlan(shop, String(body.plan));
          return sendJson(res, 200, { ok: true });
        case "webhooks":
          control.setWebhooks(shop, body.enabled !== false);
          return sendJson(res, 200, { ok: true });
        case "latency":
          control.setLatency(Number(body.latencyMs), shop);
          return sendJson(res, 200, { ok: true });
        case "variants": {
          const ids = control.addVariants(shop, Number(body.count), { available: body.available as number | undefined, locationId: body.locationId as string | undefined });
          return sendJson(res, 200, { count: ids.length, inventoryItemIds: ids.map((id) => `gid://shopify/InventoryItem/${id}`) });
        }
        case "uninstall":
          return sendJson(res, 200, { webhook: await control.uninstall(shop) });
        case "orders": {
          // A customer's order: {lines: [{inventoryItemId | sku, quantity}], locationId?, pos?}; 409 when out of stock.
          const placed = control.placeOrder(shop, body as never);
          if (!placed) return sendJson(res, 409, { error: "not enough available to sell" });
          await Promise.all(placed.webhooks);
          return sendJson(res, 200, { order: orderPayload(placed.order) });
        }
        case "cancel": {
          const cancelled = control.cancelOrder(shop, Number(body.orderId));
          if (!cancelled) return sendJson(res, 404, { error: "no open order with that id" });
          await Promise.all(cancelled.webhooks);
          return sendJson(res, 200, { order: orderPayload(cancelled.order) });
        }
      }
    }
    throw new SimError(404, `no simulator endpoint ${method} ${path}`);
  } catch (error) {
    if (error instanceof SimError) return sendJson(res, error.status, { error: error.message });
    throw error;
  }
}

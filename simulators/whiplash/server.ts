// The Whiplash simulator: node:http server + module API (DESIGN.md section 7).
//   const sim = await startWhiplashSimulator({ clientId, clientSecret, webhookUrl });
//   sim.receiveShipNotice(id); await sim.flush();   // signed webhooks delivered to the app
// The REST API (api.ts) and OAuth (oauth.ts) are what the app's Whiplash client talks to; /sim/* and
// GET / are for people and scripts (cli.ts) and are not part of Whiplash.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import * as actions from "./actions";
import { createApiState, handleApi, NOTIFICATION_EVENTS, type ApiState } from "./api";
import { intParam, readParams, redirect, sendHtml, sendJson } from "./http";
import { createOAuthState, handleOAuth, issueTokens, type OAuthState } from "./oauth";
import { renderHome } from "./page";
import { createRandom, seedWhiplash, type WhiplashSeedOptions } from "./seed";
import { createState, getShipNotice, SimError, type SimState } from "./state";
import { WebhookOutbox } from "./webhooks";

export interface WhiplashSimulatorOptions {
  port?: number;
  host?: string;
  clientId: string;
  clientSecret: string;
  /** Every webhook goes here (in addition to subscriptions created through the API). */
  webhookUrl?: string;
  /** Seed options, or false for an empty simulator. Default: the demo seed. */
  seed?: WhiplashSeedOptions | false;
  /** 0..1: probability each webhook is delivered twice. */
  duplicates?: number;
  /** Shuffle waiting webhooks before delivery. */
  reorder?: boolean;
  delayMs?: number;
  /** Seed of the simulator's randomness (duplicates, reordering). */
  randomSeed?: number;
  /** Include warehouse_quantities in item payloads and resources (default true). */
  warehouseQuantities?: boolean;
  tokenTtlSeconds?: number;
  now?: () => number;
  /** Webhook delivery retries (Whiplash: 10 attempts). */
  maxAttempts?: number;
  retryDelayMs?: number;
  /** Webhook transport (tests can hand deliveries straight to the app's route action). */
  fetch?: typeof fetch;
  /** Webhook deliveries in flight at once (default 1). */
  deliveryConcurrency?: number;
  /** How long Whiplash takes to import a shop's order (default 60 s). */
  orderImportDelayMs?: number;
}

export interface WhiplashSimulator {
  url: string;
  state: SimState;
  oauth: OAuthState;
  api: ApiState;
  outbox: WebhookOutbox;
  receiveShipNotice(id: number, lines?: actions.ReceiveLine[]): void;
  completeShipNotice(id: number): void;
  shipOrder(itemId: number, quantity: number, warehouseId?: number): void;
  adjust(itemId: number, warehouseId: number, delta: number): void;
  /** Whiplash imports a Shopify order now (sellable down, item events, then order.created with the originator id). */
  importOrder(input: actions.ImportOrderInput): void;
  /** Whiplash imports the order after `delayMs` (default: the simulator's orderImportDelayMs). */
  scheduleOrderImport(input: actions.ImportOrderInput, delayMs?: number): void;
  publishLine(lineId: number, publish: boolean): void;
  /** A person switches the item's Process Orders in Whiplash (item.updated carries it). */
  setProcessOrders(itemId: number, on: boolean): void;
  /** A person changes the item's Rules tab in Whiplash (Sync Inventory code, inbound publishing): item.updated. */
  setItemRules(itemId: number, rules: actions.ItemRules): void;
  /** A person changes the customer's Sync Inventory default in Whiplash's Customer Preferences (no webhook). */
  setCustomerRules(customerId: number, code: number | null): void;
  createShipNotice(input: actions.NewShipNotice): number;
  createItem(input: { customerId: number; sku: string; title?: string }): number;
  /** Sends payloads as they are (e.g. a hand-made event). */
  emit(payloads: actions.WebhookPayload[]): void;
  /** Tokens for a customer without the browser flow (tests). */
  issueTokens(customerId: number): ReturnType<typeof issueTokens>;
  /** The next `count` API calls answer `status` (429/5xx to test retries). */
  failNext(count: number, status: number, retryAfter?: string): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export async function startWhiplashSimulator(options: WhiplashSimulatorOptions): Promise<WhiplashSimulator> {
  const state = createState(options.now);
  if (options.seed !== false) seedWhiplash(state, options.seed ?? {});
  const oauth = createOAuthState(options.clientId, options.clientSecret, options.tokenTtlSeconds);
  const api = createApiState();
  api.warehouseQuantities = options.warehouseQuantities !== false;
  const payloadOptions = { warehouseQuantities: options.warehouseQuantities !== false };
  const random = createRandom(options.randomSeed ?? 42);

  const targets = (eventName: string) => {
    const urls = new Set<string>();
    if (options.webhookUrl) urls.add(options.webhookUrl);
    const eventId = NOTIFICATION_EVENTS.find((e) => e.name === eventName)?.id;
    for (const s of api.subscriptions) if (s.active && s.notification_event_id === eventId) urls.add(s.endpoint);
    return [...urls];
  };
  const outbox = new WebhookOutbox({
    clientSecret: options.clientSecret,
    targets,
    duplicates: options.duplicates,
    reorder: options.reorder,
    delayMs: options.delayMs,
    random,
    maxAttempts: options.maxAttempts,
    retryDelayMs: options.retryDelayMs,
    fetch: options.fetch,
    concurrency: options.deliveryConcurrency,
  });
  const emit = (payloads: actions.WebhookPayload[]) => outbox.enqueue(payloads);
  const importTimers = new Set<ReturnType<typeof setTimeout>>();
  api.emit = emit;

  const sim = {
    state,
    oauth,
    api,
    outbox,
    receiveShipNotice: (id: number, lines?: actions.ReceiveLine[]) => emit(actions.receiveShipNotice(state, id, lines, payloadOptions)),
    completeShipNotice: (id: number) => emit(actions.completeShipNotice(state, id)),
    shipOrder: (itemId: number, quantity: number, warehouseId?: number) =>
      emit(actions.shipOrder(state, itemId, quantity, warehouseId, payloadOptions)),
    adjust: (itemId: number, warehouseId: number, delta: number) => emit(actions.adjust(state, itemId, warehouseId, delta, payloadOptions)),
    importOrder: (input: actions.ImportOrderInput) => emit(actions.importOrder(state, input, payloadOptions)),
    scheduleOrderImport: (input: actions.ImportOrderInput, delayMs?: number) => {
      const timer = setTimeout(() => {
        importTimers.delete(timer);
        try {
          emit(actions.importOrder(state, input, payloadOptions));
        } catch {
          // The item is gone: Whiplash would hold the order; nothing to send.
        }
      }, delayMs ?? options.orderImportDelayMs ?? 60_000);
      importTimers.add(timer);
    },
    publishLine: (lineId: number, publish: boolean) => emit(actions.publishLine(state, lineId, publish)),
    setProcessOrders: (itemId: number, on: boolean) => emit(actions.setProcessOrders(state, itemId, on, payloadOptions)),
    setItemRules: (itemId: number, rules: actions.ItemRules) => emit(actions.setItemRules(state, itemId, rules, payloadOptions)),
    setCustomerRules: (customerId: number, code: number | null) => actions.setCustomerRules(state, customerId, code),
    createShipNotice: (input: actions.NewShipNotice) => {
      const r = actions.createShipNotice(state, input);
      emit(r.payloads);
      return r.id;
    },
    createItem: (input: { customerId: number; sku: string; title?: string }) => {
      const r = actions.createItem(state, input, payloadOptions);
      emit(r.payloads);
      return r.id;
    },
    emit,
    issueTokens: (customerId: number) => issueTokens(oauth, state, customerId),
    failNext: (count: number, status: number, retryAfter?: string) => void api.faults.push({ count, status, retryAfter }),
    flush: () => outbox.flush(),
  };

  const control = async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const wantsHtml = (req.headers.accept ?? "").includes("text/html") || (req.headers["content-type"] ?? "").includes("form-urlencoded");
    const done = () => (wantsHtml ? redirect(res, "/") : sendJson(res, 200, { ok: true }));
    let m: RegExpExecArray | null;
    if (req.method === "GET" && url.pathname === "/") {
      sendHtml(res, 200, renderHome(state, outbox.deliveries, targets("item.inventory_changed")));
      return true;
    }
    if (req.method === "GET" && url.pathname === "/sim/state") {
      sendJson(res, 200, {
        items: [...state.items.values()].map((i) => ({ ...i, stock: Object.fromEntries(i.stock) })),
        customers: [...state.customers.values()],
        shipNotices: [...state.shipNotices.values()],
        deliveries: outbox.deliveries.length,
        waiting: outbox.waiting,
      });
      return true;
    }
    if (req.method !== "POST") return false;
    const p = await readParams(req);
    if ((m = /^\/sim\/shipnotices\/(\d+)\/receive$/.exec(url.pathname))) {
      const lines = Array.isArray(p.lines) ? (p.lines as actions.ReceiveLine[]) : undefined;
      sim.receiveShipNotice(Number(m[1]), lines);
    } else if ((m = /^\/sim\/shipnotices\/(\d+)\/complete$/.exec(url.pathname))) {
      sim.completeShipNotice(Number(m[1]));
    } else if ((m = /^\/sim\/items\/(\d+)\/ship$/.exec(url.pathname))) {
      sim.shipOrder(Number(m[1]), intParam(p.quantity, 1), p.warehouseId === undefined ? undefined : intParam(p.warehouseId, 1));
    } else if ((m = /^\/sim\/items\/(\d+)\/adjust$/.exec(url.pathname))) {
      sim.adjust(Number(m[1]), intParam(p.warehouseId, 1), intParam(p.delta, 0));
    } else if ((m = /^\/sim\/items\/(\d+)\/process-orders$/.exec(url.pathname))) {
      sim.setProcessOrders(Number(m[1]), String(p.on) !== "false");
    } else if ((m = /^\/sim\/items\/(\d+)\/rules$/.exec(url.pathname))) {
      sim.setItemRules(Number(m[1]), actions.parseItemRules(p));
    } else if ((m = /^\/sim\/customers\/(\d+)\/rules$/.exec(url.pathname))) {
      const rules = actions.parseItemRules(p);
      if (rules.notify_originator_inventory === undefined) throw new SimError(422, "notify_originator_inventory is required");
      sim.setCustomerRules(Number(m[1]), rules.notify_originator_inventory);
    } else if ((m = /^\/sim\/lines\/(\d+)\/publish$/.exec(url.pathname))) {
      sim.publishLine(Number(m[1]), String(p.publish) !== "false");
    } else if (url.pathname === "/sim/orders") {
      // A shop's order for Whiplash to import: {shopifyOrderId, customerId, lines: [{sku | itemId, quantity}], delayMs?}.
      const input = { shopifyOrderId: String(p.shopifyOrderId), customerId: intParam(p.customerId, 0), lines: Array.isArray(p.lines) ? (p.lines as actions.ImportOrderInput["lines"]) : [] };
      sim.scheduleOrderImport(input, p.delayMs === undefined ? undefined : intParam(p.delayMs, 0));
    } else if (url.pathname === "/sim/subscriptions/drop") {
      // What a reset Whiplash sandbox (or someone deleting them) leaves: no webhook subscriptions.
      api.subscriptions = [];
    } else if (url.pathname === "/sim/flush") {
      await sim.flush();
    } else {
      return false;
    }
    done();
    return true;
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sim.local");
    (async () => {
      if (await handleOAuth(req, res, url, oauth, state)) return;
      if (await handleApi(req, res, url, state, oauth, api)) return;
      if (await control(req, res, url)) return;
      sendJson(res, 404, { error: "not found" });
    })().catch((error: unknown) => {
      const status = error instanceof SimError ? error.status : ((error as { status?: number }).status ?? 500);
      if (!res.headersSent) sendJson(res, status, { error: (error as Error).message });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${options.host ?? "127.0.0.1"}:${address.port}`;
  return {
    ...sim,
    url,
    async close() {
      for (const timer of importTimers) clearTimeout(timer);
      importTimers.clear();
      await outbox.flush().catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export { getShipNotice };

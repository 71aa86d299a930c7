// The REST subset of Whiplash API v2 the app uses: items (with per-warehouse quantities and ship-notice
// lines), ship notices, ship-notice items, customers, warehouses, and webhook subscriptions
// (notification_events / notification_subscriptions). Bearer auth, X-CUSTOMER-ID, page/per_page paging.
import type { IncomingMessage, ServerResponse } from "node:http";
import { intParam, readParams, sendJson } from "./http";
import { authenticate, type OAuthState } from "./oauth";
import { parseItemRules, setCustomerRules, setItemRules, type WebhookPayload } from "./actions";
import { getItem, getShipNotice, itemJson, lineJson, shipNoticeJson, warehouseQuantitiesJson, type SimState } from "./state";

export const NOTIFICATION_EVENTS = [
  "item.created",
  "item.updated",
  "item.inventory_changed",
  "item.inventory_adjusted",
  "item.inventory_received",
  "item.out_of_stock",
  "item.low_inventory",
  "shipnotice.created",
  "shipnotice.updated",
  "shipnotice.items_received",
  "shipnotice.completed",
  "shipnotice_item.published",
  "shipnotice_item.unpublished",
  "order.shipped",
  "order.created",
  "order.batched",
  "order.cancelled",
].map((name, i) => ({ id: i + 1, name, humanized_name: name.replace(/[._]/g, " "), requires_subscription: true }));

export interface Subscription {
  id: number;
  notification_event_id: number;
  customer_id: number;
  notification_type: "webhook";
  endpoint: string;
  active: boolean;
  version: number;
}

export interface ApiState {
  subscriptions: Subscription[];
  /** Injected failures: the next `count` API calls answer `status`. */
  faults: Array<{ status: number; count: number; retryAfter?: string }>;
  /** Calls per "METHOD /path" (ids replaced by :id), for assertions. */
  calls: Map<string, number>;
  /** Include warehouse_quantities in item resources (default true). */
  warehouseQuantities: boolean;
  maxPerPage: number;
  /** Answers every API call this many ms late (a slow Whiplash: tests watch an import in progress). */
  delayMs?: number;
  /** Delivers the webhooks an API change causes (PUT /items/{id} sends item.updated, as a change in Whiplash's screen would). */
  emit?: (payloads: WebhookPayload[]) => void;
  /** PUT bodies received, in order, for assertions ("PUT /items/:id" with the id and body). */
  puts: Array<{ path: string; body: Record<string, unknown> }>;
}

export function createApiState(): ApiState {
  return { subscriptions: [], faults: [], calls: new Map(), warehouseQuantities: true, maxPerPage: 250, puts: [] };
}

/** `search={"updated_at_gt":"<ISO time>"}` (Whiplash's Ransack-style search; only this predicate), or null. */
function updatedAfter(url: URL): number | null {
  const raw = url.searchParams.get("search");
  if (!raw) return null;
  try {
    const at = Date.parse(String((JSON.parse(raw) as Record<string, unknown>).updated_at_gt ?? ""));
    return Number.isNaN(at) ? null : at;
  } catch {
    return null;
  }
}

function page<T>(rows: T[], url: URL, api: ApiState): { rows: T[]; total: number } {
  const perPage = Math.min(api.maxPerPage, Math.max(1, intParam(url.searchParams.get("per_page"), 50)));
  const pageNo = Math.max(1, intParam(url.searchParams.get("page"), 1));
  return { rows: rows.slice((pageNo - 1) * perPage, pageNo * perPage), total: rows.length };
}

export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  state: SimState,
  oauth: OAuthState,
  api: ApiState,
): Promise<boolean> {
  if (!url.pathname.startsWith("/api/v2/")) return false;
  if (api.delayMs) await new Promise((resolve) => setTimeout(resolve, api.delayMs));
  const path = url.pathname.slice("/api/v2".length).replace(/\/$/, "");
  api.calls.set(`${req.method} ${path.replace(/\/\d+/g, "/:id")}`, (api.calls.get(`${req.method} ${path.replace(/\/\d+/g, "/:id")}`) ?? 0) + 1);

  const fault = api.faults[0];
  if (fault) {
    if (--fault.count <= 0) api.faults.shift();
    sendJson(res, fault.status, { error: `injected ${fault.status}` }, fault.retryAfter ? { "retry-after": fault.retryAfter } : {});
    return true;
  }

  const customerId = authenticate(oauth, state, req.headers.authorization);
  if (customerId === null) {
    sendJson(res, 401, { error: "invalid_token" });
    return true;
  }
  const asked = req.headers["x-customer-id"];
  if (asked !== undefined && Number(asked) !== customerId) {
    sendJson(res, 403, { error: "not allowed for this customer" });
    return true;
  }
  const list = <T>(rows: T[]) => {
    const { rows: slice, total } = page(rows, url, api);
    sendJson(res, 200, slice, { "x-total-count": String(total) });
  };
  const own = <T extends { customer_id: number }>(x: T) => {
    if (x.customer_id !== customerId) throw Object.assign(new Error("not found"), { status: 404 });
    return x;
  };
  const wq = { warehouseQuantities: api.warehouseQuantities };
  let m: RegExpExecArray | null;
  const is = (method: string, re: RegExp) => req.method === method && (m = re.exec(path)) !== null;

  if (is("GET", /^\/items$/)) {
    const changedAfter = updatedAfter(url);
    list(
      [...state.items.values()]
        .filter((i) => i.customer_id === customerId && (changedAfter === null || Date.parse(i.updated_at) > changedAfter))
        .map((i) => itemJson(i, state, wq)),
    );
  } else if (is("GET", /^\/items\/(\d+)$/)) {
    sendJson(res, 200, itemJson(own(getItem(state, Number(m![1]))), state, wq));
  } else if (is("GET", /^\/items\/(\d+)\/warehouse_quantities$/)) {
    sendJson(res, 200, warehouseQuantitiesJson(own(getItem(state, Number(m![1]))), state));
  } else if (is("GET", /^\/items\/(\d+)\/shipnotice_items$/)) {
    const item = own(getItem(state, Number(m![1])));
    list([...state.shipNotices.values()].flatMap((n) => n.lines.filter((l) => l.item_id === item.id)).map((l) => lineJson(l, state)));
  } else if (is("GET", /^\/shipnotices$/)) {
    list([...state.shipNotices.values()].filter((n) => n.customer_id === customerId).map((n) => shipNoticeJson(n, state)));
  } else if (is("GET", /^\/shipnotices\/(\d+)$/)) {
    sendJson(res, 200, shipNoticeJson(own(getShipNotice(state, Number(m![1]))), state));
  } else if (is("GET", /^\/shipnotices\/(\d+)\/shipnotice_items$/)) {
    list(own(getShipNotice(state, Number(m![1]))).lines.map((l) => lineJson(l, state)));
  } else if (is("GET", /^\/shipnotice_items$/)) {
    list(
      [...state.shipNotices.values()].filter((n) => n.customer_id === customerId).flatMap((n) => n.lines.map((l) => lineJson(l, state))),
    );
  } else if (is("GET", /^\/shipnotice_items\/(\d+)$/)) {
    const id = Number(m![1]);
    const notice = [...state.shipNotices.values()].find((n) => n.customer_id === customerId && n.lines.some((l) => l.id === id));
    if (!notice) sendJson(res, 404, { error: "not found" });
    else sendJson(res, 200, lineJson(notice.lines.find((l) => l.id === id)!, state));
  } else if (is("PUT", /^\/items\/(\d+)$/)) {
    // Only the rule fields are modelled; anything else in the body is accepted and ignored.
    const item = own(getItem(state, Number(m![1])));
    const body = await readParams(req);
    api.puts.push({ path: `/items/${item.id}`, body });
    const payloads = setItemRules(state, item.id, parseItemRules(body), wq);
    api.emit?.(payloads);
    sendJson(res, 200, itemJson(item, state, wq));
  } else if (is("PUT", /^\/customers\/(\d+)$/)) {
    const c = state.customers.get(Number(m![1]));
    if (!c || c.id !== customerId) {
      sendJson(res, 404, { error: "not found" });
      return true;
    }
    const body = await readParams(req);
    api.puts.push({ path: `/customers/${c.id}`, body });
    const rules = parseItemRules(body);
    if (rules.notify_originator_inventory !== undefined) setCustomerRules(state, c.id, rules.notify_originator_inventory);
    sendJson(res, 200, c);
  } else if (is("GET", /^\/customers$/)) {
    list([...state.customers.values()].filter((c) => c.id === customerId));
  } else if (is("GET", /^\/customers\/(\d+)$/)) {
    const c = state.customers.get(Number(m![1]));
    if (!c || c.id !== customerId) sendJson(res, 404, { error: "not found" });
    else sendJson(res, 200, c);
  } else if (is("GET", /^\/warehouses$/)) {
    list([...state.warehouses.values()]);
  } else if (is("GET", /^\/notification_events$/)) {
    list(NOTIFICATION_EVENTS);
  } else if (is("GET", /^\/notification_subscriptions$/)) {
    list(api.subscriptions.filter((s) => s.customer_id === customerId));
  } else if (is("POST", /^\/notification_subscriptions$/)) {
    const p = await readParams(req);
    const eventId = intParam(p.notification_event_id, NaN);
    if (!NOTIFICATION_EVENTS.some((e) => e.id === eventId) || typeof p.endpoint !== "string" || !/^https?:\/\//.test(p.endpoint)) {
      sendJson(res, 422, { error: "notification_event_id and an http(s) endpoint are required" });
      return true;
    }
    const existing = api.subscriptions.find((s) => s.customer_id === customerId && s.notification_event_id === eventId && s.endpoint === p.endpoint);
    if (existing) {
      sendJson(res, 200, existing);
      return true;
    }
    const sub: Subscription = {
      id: api.subscriptions.length + 1,
      notification_event_id: eventId,
      customer_id: customerId,
      notification_type: "webhook",
      endpoint: p.endpoint,
      active: true,
      version: intParam(p.version, 2),
    };
    api.subscriptions.push(sub);
    sendJson(res, 201, sub);
  } else if (is("DELETE", /^\/notification_subscriptions\/(\d+)$/)) {
    const id = Number(m![1]);
    api.subscriptions = api.subscriptions.filter((s) => !(s.id === id && s.customer_id === customerId));
    sendJson(res, 200, { ok: true });
  } else {
    sendJson(res, 404, { error: `no route ${req.method} /api/v2${path}` });
  }
  return true;
}

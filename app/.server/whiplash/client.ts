// Whiplash API v2 client (DESIGN.md section 6, research section A): OAuth2 bearer tokens refreshed
// before they expire (and once on a 401), X-CUSTOMER-ID on every call, page/per_page paging, 429 and
// 5xx (and network errors, timeouts) retried with exponential backoff, Retry-After honoured.
// Clock, sleep and fetch are injected so tests run without waiting.
//
// Refresh tokens rotate (each works once), so two processes refreshing the same customer's tokens at once
// would have one refused; with `refreshLease` one process refreshes under a per-customer lease and the
// others wait and re-read the stored tokens (as shopify/offline-token.ts does for Shopify's tokens).
import { randomUUID } from "node:crypto";
import type { Logger } from "../logger";
import { WhiplashApiError, WhiplashAuthError } from "./errors";
import { ItemSchema, ShipNoticeItemSchema, ShipNoticeSchema, WarehouseQuantitySchema, type WhiplashItem } from "./payloads";
import type { TokenStore, WhiplashTokens } from "./token-store";
import { z } from "zod";

export interface WhiplashClientOptions {
  /** e.g. https://www.getwhiplash.com/api/v2 (WHIPLASH_API_BASE_URL) */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  whiplashCustomerId: number;
  tokens: TokenStore;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Per request (Whiplash's own client uses 30 s). */
  timeoutMs?: number;
  /** Retries after the first attempt for 429/5xx/network errors. */
  maxRetries?: number;
  retryBaseMs?: number;
  perPage?: number;
  logger?: Logger;
  /** Cross-process lock around token refresh (the app passes its database leases). */
  refreshLease?: RefreshLeaseOptions;
}

/** The lease store this module needs (db/leases.ts satisfies it); passed in, as the adapter knows no tables. */
export interface RefreshLeases {
  /** True when `owner` now holds `name` until now + ttlMs. */
  acquire(name: string, owner: string, ttlMs: number): Promise<boolean>;
  release(name: string, owner: string): Promise<void>;
}

export interface RefreshLeaseOptions {
  leases: RefreshLeases;
  /** Default "whiplash-token-refresh:<whiplashCustomerId>": one refresh per customer across processes. */
  name?: string;
  /** Longer than one refresh call can take (its timeout is 30 s). */
  ttlMs?: number;
  /** How often a waiting process re-reads the stored tokens. */
  pollMs?: number;
  /** Give up waiting for another process's refresh after this long, with a retriable error. */
  maxWaitMs?: number;
}

/** Refresh this long before the token expires, so a call never starts with a token about to lapse. */
const REFRESH_MARGIN_MS = 60_000;

/** The OAuth endpoints live at the host root, not under /api/v2. */
export function oauthBaseUrl(apiBaseUrl: string): string {
  const url = new URL(apiBaseUrl);
  url.pathname = url.pathname.replace(/\/api\/v[\d_.]+\/?$/, "/").replace(/\/+$/, "");
  return url.toString().replace(/\/$/, "");
}

const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  refresh_token: z.string().nullish(),
  expires_in: z.coerce.number().nullish(),
});

export function tokensFromResponse(json: unknown, now: number): WhiplashTokens {
  const t = TokenResponse.parse(json);
  return { accessToken: t.access_token, refreshToken: t.refresh_token ?? null, expiresAt: now + (t.expires_in ?? 7200) * 1000 };
}

async function postToken(
  options: Pick<WhiplashClientOptions, "baseUrl" | "clientId" | "clientSecret" | "fetch" | "timeoutMs">,
  body: Record<string, string>,
): Promise<Response> {
  const doFetch = options.fetch ?? fetch;
  return doFetch(`${oauthBaseUrl(options.baseUrl)}/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
    body: new URLSearchParams({ ...body, client_id: options.clientId, client_secret: options.clientSecret }),
    signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
  });
}

/** Authorization-code exchange (the merchant connected their Whiplash account). */
export async function exchangeAuthorizationCode(
  options: Pick<WhiplashClientOptions, "baseUrl" | "clientId" | "clientSecret" | "fetch" | "timeoutMs" | "now">,
  code: string,
  redirectUri: string,
): Promise<WhiplashTokens> {
  const res = await postToken(options, { grant_type: "authorization_code", code, redirect_uri: redirectUri });
  if (!res.ok) throw new WhiplashAuthError(`authorization code refused (HTTP ${res.status})`);
  return tokensFromResponse(await res.json(), (options.now ?? Date.now)());
}

export const WarehouseQuantities = z.array(WarehouseQuantitySchema);

/** A webhook subscription; Whiplash switches one off (`active: false`) after 100 failed deliveries. */
const SubscriptionSchema = z.looseObject({
  id: z.coerce.number(),
  notification_event_id: z.coerce.number(),
  endpoint: z.string().nullish(),
  active: z.boolean().nullish(),
  discarded_at: z.string().nullish(),
});
export type WhiplashSubscription = z.infer<typeof SubscriptionSchema>;
export type WhiplashShipNoticeLine = z.infer<typeof ShipNoticeItemSchema>;
export type WhiplashShipNoticeResource = z.infer<typeof ShipNoticeSchema>;

export class WhiplashClient {
  private readonly doFetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private refreshing: Promise<WhiplashTokens> | null = null;
  /** Per instance: two clients in one process (one per Settings request) must not share a lease. */
  private readonly leaseOwner = `whiplash-client:${randomUUID()}`;

  constructor(private readonly options: WhiplashClientOptions) {
    this.doFetch = options.fetch ?? fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
  }

  // --- resources ----------------------------------------------------------------------------------

  async getItem(id: number): Promise<WhiplashItem> {
    return ItemSchema.parse(await this.request("GET", `/items/${id}`));
  }

  async getItemWarehouseQuantities(id: number) {
    return WarehouseQuantities.parse(await this.request("GET", `/items/${id}/warehouse_quantities`));
  }

  async getItemShipNoticeItems(id: number): Promise<WhiplashShipNoticeLine[]> {
    return this.listAll(`/items/${id}/shipnotice_items`, ShipNoticeItemSchema);
  }

  /** Every item of the customer, page by page (for import). */
  async *itemPages(): AsyncGenerator<WhiplashItem[]> {
    yield* this.pages("/items", ItemSchema);
  }

  async listShipNotices(): Promise<WhiplashShipNoticeResource[]> {
    return this.listAll("/shipnotices", ShipNoticeSchema);
  }

  async getShipNotice(id: number): Promise<WhiplashShipNoticeResource> {
    return ShipNoticeSchema.parse(await this.request("GET", `/shipnotices/${id}`));
  }

  /** Writes the item's rules (docs/decisions/0010: `notify_originator_inventory`); answers the item as Whiplash has it now. */
  async updateItemRules(id: number, rules: { notify_originator_inventory: number | null }): Promise<WhiplashItem> {
    return ItemSchema.parse(await this.request("PUT", `/items/${id}`, rules));
  }

  /** Writes the customer's Sync Inventory default (docs/decisions/0010). */
  async updateCustomerRules(rules: { notify_originator_inventory: number }): Promise<Record<string, unknown>> {
    return z.looseObject({ id: z.coerce.number() }).parse(await this.request("PUT", `/customers/${this.options.whiplashCustomerId}`, rules));
  }

  async getCustomer(): Promise<Record<string, unknown>> {
    return z.looseObject({ id: z.coerce.number() }).parse(await this.request("GET", `/customers/${this.options.whiplashCustomerId}`));
  }

  async listNotificationEvents(): Promise<Array<{ id: number; name: string }>> {
    return this.listAll("/notification_events", z.looseObject({ id: z.coerce.number(), name: z.string() }));
  }

  async listNotificationSubscriptions(): Promise<WhiplashSubscription[]> {
    return this.listAll("/notification_subscriptions", SubscriptionSchema);
  }

  async deleteNotificationSubscription(id: number): Promise<void> {
    await this.request("DELETE", `/notification_subscriptions/${id}`);
  }

  /**
   * The newest `updated_at` in (since, until] among the customer's items (null: none seen). One page,
   * asked with Whiplash's Ransack-style `search` (unconfirmed for items); the answer is filtered here
   * too, so a server that ignores the predicate can only make us miss activity, never invent it.
   */
  async latestItemChangeAfter(since: Date, until: Date): Promise<Date | null> {
    if (until <= since) return null;
    const search = encodeURIComponent(JSON.stringify({ updated_at_gt: since.toISOString() }));
    const rows = z.array(ItemSchema).parse(await this.request("GET", `/items?search=${search}&page=1&per_page=${this.options.perPage ?? 100}`));
    let latest: number | null = null;
    for (const row of rows) {
      const at = row.updated_at ? Date.parse(row.updated_at) : NaN;
      if (at > since.getTime() && at <= until.getTime() && (latest === null || at > latest)) latest = at;
    }
    return latest === null ? null : new Date(latest);
  }

  async createNotificationSubscription(eventId: number, endpoint: string): Promise<{ id: number }> {
    const body = { notification_event_id: eventId, endpoint, notification_type: "webhook", version: 2 };
    return z.looseObject({ id: z.coerce.number() }).parse(await this.request("POST", "/notification_subscriptions", body));
  }

  // --- paging ---------------------------------------------------------------------------------------

  async *pages<T>(path: string, schema: z.ZodType<T>): AsyncGenerator<T[]> {
    const perPage = this.options.perPage ?? 100;
    for (let page = 1; page <= 100_000; page++) {
      const sep = path.includes("?") ? "&" : "?";
      const rows = z.array(schema).parse(await this.request("GET", `${path}${sep}page=${page}&per_page=${perPage}`));
      if (rows.length > 0) yield rows;
      // A short page is the last one (Whiplash's own client stops the same way).
      if (rows.length < perPage) return;
    }
  }

  async listAll<T>(path: string, schema: z.ZodType<T>): Promise<T[]> {
    const all: T[] = [];
    for await (const rows of this.pages(path, schema)) all.push(...rows);
    return all;
  }

  // --- transport ------------------------------------------------------------------------------------

  async request(method: string, path: string, body?: unknown): Promise<unknown> {
    const maxRetries = this.options.maxRetries ?? 4;
    let refreshedAfter401 = false;
    for (let attempt = 0; ; attempt++) {
      const tokens = await this.validTokens();
      let res: Response;
      try {
        res = await this.doFetch(`${this.options.baseUrl.replace(/\/$/, "")}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${tokens.accessToken}`,
            "x-customer-id": String(this.options.whiplashCustomerId),
            accept: "application/json",
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        // Network error or timeout: worth another try.
        if (attempt < maxRetries) {
          await this.sleep(this.backoff(attempt));
          continue;
        }
        throw new WhiplashApiError(`${method} ${path}: ${(error as Error).name}: ${(error as Error).message}`, null, true);
      }
      if (res.ok) return res.status === 204 ? null : res.json();
      await res.arrayBuffer().catch(() => undefined);
      if (res.status === 401 && !refreshedAfter401) {
        // The token may have been revoked or expired early: refresh once, then try again.
        refreshedAfter401 = true;
        await this.refresh(tokens);
        attempt--;
        continue;
      }
      const retriable = res.status === 429 || res.status === 408 || res.status >= 500;
      const retryAfterMs = parseRetryAfter(res.headers.get("retry-after"), this.now());
      if (retriable && attempt < maxRetries) {
        await this.sleep(retryAfterMs ?? this.backoff(attempt));
        continue;
      }
      throw new WhiplashApiError(`${method} ${path}: HTTP ${res.status}`, res.status, retriable, retryAfterMs);
    }
  }

  private backoff(attempt: number): number {
    return (this.options.retryBaseMs ?? 500) * 2 ** attempt;
  }

  private async validTokens(): Promise<WhiplashTokens> {
    const tokens = await this.options.tokens.load();
    if (!tokens) throw new WhiplashAuthError("customer has not connected Whiplash (no tokens)");
    if (tokens.expiresAt - REFRESH_MARGIN_MS > this.now()) return tokens;
    return this.refresh(tokens);
  }

  /** One refresh at a time per client; concurrent callers share it. */
  private refresh(stale: WhiplashTokens): Promise<WhiplashTokens> {
    this.refreshing ??= this.doRefresh(stale).finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** Under the per-customer lease when one is configured; the loser of a race uses the winner's tokens. */
  private async doRefresh(stale: WhiplashTokens): Promise<WhiplashTokens> {
    const lease = this.options.refreshLease;
    if (!lease) return this.refreshNow(stale);
    const name = lease.name ?? `whiplash-token-refresh:${this.options.whiplashCustomerId}`;
    const pollMs = lease.pollMs ?? 250;
    const maxWaitMs = lease.maxWaitMs ?? 30_000;
    // Counted in polls, not clock time: tests inject a clock that does not move.
    for (let waited = 0; ; waited += pollMs) {
      if (await lease.leases.acquire(name, this.leaseOwner, lease.ttlMs ?? 60_000)) {
        try {
          // Another process may have refreshed between our read and our lease.
          const current = await this.options.tokens.load();
          if (this.replaced(current, stale)) return current;
          return await this.refreshNow(current ?? stale);
        } finally {
          await lease.leases.release(name, this.leaseOwner);
        }
      }
      if (waited >= maxWaitMs) {
        // Not a verdict on the customer's authorization: the job tries again later.
        throw new WhiplashApiError("token refresh: another process is still refreshing the tokens", null, true);
      }
      await this.sleep(pollMs);
      const current = await this.options.tokens.load();
      if (this.replaced(current, stale)) return current;
    }
  }

  /** Tokens someone else stored after `stale` was read, still good for a while. */
  private replaced(current: WhiplashTokens | null, stale: WhiplashTokens): current is WhiplashTokens {
    return !!current && current.accessToken !== stale.accessToken && current.expiresAt - REFRESH_MARGIN_MS > this.now();
  }

  private async refreshNow(stale: WhiplashTokens): Promise<WhiplashTokens> {
    if (!stale.refreshToken) throw new WhiplashAuthError("access token expired and no refresh token");
    const res = await postToken({ ...this.options, fetch: this.doFetch }, { grant_type: "refresh_token", refresh_token: stale.refreshToken });
    if (res.ok) {
      const tokens = tokensFromResponse(await res.json(), this.now());
      // Whiplash may not rotate the refresh token; keep the old one then.
      tokens.refreshToken ??= stale.refreshToken;
      await this.options.tokens.save(tokens);
      this.options.logger?.info("whiplash token refreshed", { whiplashCustomer: this.options.whiplashCustomerId });
      return tokens;
    }
    await res.arrayBuffer().catch(() => undefined);
    // Refresh tokens rotate: another process (app vs worker) may have refreshed first. Use its tokens.
    const current = await this.options.tokens.load();
    if (current && current.refreshToken !== stale.refreshToken && current.expiresAt - REFRESH_MARGIN_MS > this.now()) return current;
    if (res.status >= 500 || res.status === 429) throw new WhiplashApiError(`token refresh: HTTP ${res.status}`, res.status, true);
    throw new WhiplashAuthError(`token refresh refused (HTTP ${res.status}): the customer must reconnect Whiplash`);
  }
}

function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

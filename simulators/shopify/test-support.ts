// Helpers shared by the simulator's tests: start a simulator, get an access token through the real
// token exchange endpoint, and call the Admin GraphQL API over HTTP like the app does.
import { startShopifySimulator, type ShopifySim, type ShopifySimOptions } from "./index";
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, ONLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "./token-exchange";

export const TEST_APP = { apiKey: "sim-test-key", apiSecret: "sim-test-secret", appUrl: "http://127.0.0.1:9" };
export const API_VERSION = "2026-07";

export function startTestSim(opts: Partial<ShopifySimOptions> = {}): Promise<ShopifySim> {
  return startShopifySimulator({ ...TEST_APP, seed: { products: 40 }, ...opts });
}

export async function postAccessToken(sim: ShopifySim, shop: string, body: Record<string, unknown>) {
  const res = await fetch(`${sim.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", "x-shopify-shop-domain": shop },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function exchangeToken(sim: ShopifySim, shop: string, opts: { online?: boolean; expiring?: boolean } = {}): Promise<string> {
  const { status, body } = await postAccessToken(sim, shop, {
    client_id: TEST_APP.apiKey,
    client_secret: TEST_APP.apiSecret,
    grant_type: TOKEN_EXCHANGE_GRANT,
    subject_token: await sim.mintSessionToken(shop),
    subject_token_type: ID_TOKEN_TYPE,
    requested_token_type: opts.online ? ONLINE_TOKEN_TYPE : OFFLINE_TOKEN_TYPE,
    expiring: opts.expiring ? "1" : "0",
  });
  if (status !== 200) throw new Error(`token exchange failed: ${status} ${JSON.stringify(body)}`);
  return String(body.access_token);
}

export interface GqlResponse {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

export function adminClient(sim: ShopifySim, shop: string, token: string) {
  return async (query: string, variables?: Record<string, unknown>): Promise<GqlResponse> => {
    const res = await fetch(`${sim.url}/admin/api/${API_VERSION}/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "x-shopify-shop-domain": shop },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
}

/** A fresh simulator with an authenticated client for its default shop. */
export async function simWithClient(opts: Partial<ShopifySimOptions> = {}) {
  const sim = await startTestSim(opts);
  const shop = sim.defaultShop!;
  const token = await exchangeToken(sim, shop);
  return { sim, shop, token, gql: adminClient(sim, shop, token) };
}

/** A fake clock for leaky-bucket tests. */
export function fakeClock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

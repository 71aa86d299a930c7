// The simulator as @shopify/shopify-api 15 sees it: the library's own token exchange, refresh and
// GraphQL client, with its one fetch seam pointed at the simulator (as the app's admin-base-url does).
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, GraphqlQueryError, RequestedTokenType, shopifyApi, type Session } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopifySim } from "./index";
import { startTestSim, TEST_APP } from "./test-support";

let sim: ShopifySim;
let shop: string;

const api = shopifyApi({
  apiKey: TEST_APP.apiKey,
  apiSecretKey: TEST_APP.apiSecret,
  apiVersion: ApiVersion.July26,
  hostName: "127.0.0.1",
  isEmbeddedApp: true,
  scopes: ["read_products", "read_inventory", "write_inventory", "read_locations"],
  logger: { level: 0 },
});

beforeAll(async () => {
  // A frozen bucket clock: a drained bucket stays drained however slow the machine is.
  sim = await startTestSim({ now: () => 1_000_000 });
  shop = sim.defaultShop!;
  // https://<shop>/<path> -> <sim>/<path>, shop passed in a header: the same rewrite the app installs.
  setAbstractFetchFunc((async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input as RequestInfo, init);
    const url = new URL(request.url);
    if (!url.hostname.endsWith(".myshopify.com")) return fetch(request);
    const headers = new Headers(request.headers);
    headers.set("x-shopify-shop-domain", url.hostname);
    const body = request.method === "GET" ? undefined : await request.arrayBuffer();
    return fetch(`${sim.url}${url.pathname}${url.search}`, { method: request.method, headers, body });
  }) as never);
});
afterAll(() => sim.close());

describe("@shopify/shopify-api against the simulator", () => {
  let session: Session;

  it("exchanges a session token for an expiring offline session", async () => {
    ({ session } = await api.auth.tokenExchange({
      shop,
      sessionToken: await sim.mintSessionToken(shop),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    }));
    expect(session).toMatchObject({ shop, isOnline: false, scope: "read_products,read_inventory,write_inventory,read_locations" });
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.expires!.getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(sim.state.tokenExchanges.at(-1)).toMatchObject({ ok: true, expiring: true });
  });

  it("creates online sessions with the associated user", async () => {
    const { session: online } = await api.auth.tokenExchange({
      shop,
      sessionToken: await sim.mintSessionToken(shop, { sub: "555" }),
      requestedTokenType: RequestedTokenType.OnlineAccessToken,
    });
    expect(online.isOnline).toBe(true);
    expect(online.onlineAccessInfo?.associated_user.id).toBe(555);
  });

  it("refreshes the offline session", async () => {
    const { session: refreshed } = await api.auth.refreshToken({ shop, refreshToken: session.refreshToken! });
    expect(refreshed.accessToken).not.toBe(session.accessToken);
    session = refreshed;
  });

  it("queries through the library's GraphQL client and gets extensions.cost", async () => {
    const client = new api.clients.Graphql({ session });
    const res = await client.request<{ shop: { name: string }; locations: { nodes: { name: string }[] } }>(
      `query ShopOverview { shop { name myshopifyDomain plan { displayName shopifyPlus } } locations(first: 50) { nodes { id name isActive } } productsCount { count precision } }`,
    );
    expect(res.data?.shop.name).toBe("Whiplash Demo");
    expect(res.data?.locations.nodes.map((l) => l.name).sort()).toEqual(["Shop location", "Whiplash Warehouse"]);
    expect(res.extensions?.cost).toMatchObject({ requestedQueryCost: expect.any(Number), throttleStatus: { maximumAvailable: 2000, restoreRate: 100 } });
  });

  it("surfaces THROTTLED as the GraphqlQueryError the app's throttler catches", async () => {
    const client = new api.clients.Graphql({ session });
    const bucket = sim.shop().bucket;
    bucket.tryCharge(bucket.status().currentlyAvailable);
    const error = await client.request("{ products(first: 50) { nodes { id } } }").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphqlQueryError);
    const body = (error as GraphqlQueryError).body as { errors: { graphQLErrors: { extensions: { code: string } }[] }; extensions: { cost: { actualQueryCost: null } } };
    expect(body.errors.graphQLErrors[0].extensions.code).toBe("THROTTLED");
    sim.shop().bucket.fill();
  });
});

// Token exchange as @shopify/shopify-api performs it, and the access tokens it issues.
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopifySim } from "./index";
import { adminClient, postAccessToken, startTestSim, TEST_APP } from "./test-support";
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, ONLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "./token-exchange";

let sim: ShopifySim;
let shop: string;

beforeAll(async () => {
  sim = await startTestSim();
  shop = sim.defaultShop!;
});
afterAll(() => sim.close());

const exchangeBody = (subjectToken: string, extra: Record<string, unknown> = {}) => ({
  client_id: TEST_APP.apiKey,
  client_secret: TEST_APP.apiSecret,
  grant_type: TOKEN_EXCHANGE_GRANT,
  subject_token: subjectToken,
  subject_token_type: ID_TOKEN_TYPE,
  requested_token_type: OFFLINE_TOKEN_TYPE,
  ...extra,
});

async function forgedToken(opts: { secret?: string; aud?: string; exp?: number; dest?: string }) {
  const now = Math.floor(Date.now() / 1000);
  const dest = opts.dest ?? `https://${shop}`;
  return new SignJWT({ dest })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(`${dest}/admin`)
    .setAudience(opts.aud ?? TEST_APP.apiKey)
    .setSubject("42")
    .setIssuedAt(now - 120)
    .setNotBefore(now - 120)
    .setExpirationTime(opts.exp ?? now + 60)
    .sign(new TextEncoder().encode(opts.secret ?? TEST_APP.apiSecret));
}

describe("POST /admin/oauth/access_token", () => {
  it("exchanges a valid session token for an offline access token that the GraphQL API accepts", async () => {
    const before = sim.state.tokenExchanges.length;
    const { status, body } = await postAccessToken(sim, shop, exchangeBody(await sim.mintSessionToken(shop)));
    expect(status).toBe(200);
    expect(body).toEqual({ access_token: expect.stringMatching(/^shpat_/), scope: "read_products,read_inventory,write_inventory,read_locations" });
    const record = sim.state.tokenExchanges[before];
    expect(record).toMatchObject({ shop, ok: true, grantType: TOKEN_EXCHANGE_GRANT, requestedTokenType: OFFLINE_TOKEN_TYPE });
    const gql = adminClient(sim, shop, String(body.access_token));
    const res = await gql("{ shop { myshopifyDomain } }");
    expect(res.status).toBe(200);
    expect(res.body.data.shop.myshopifyDomain).toBe(shop);
  });

  it("accepts a form-encoded body too", async () => {
    const res = await fetch(`${sim.url}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "x-shopify-shop-domain": shop },
      body: new URLSearchParams(exchangeBody(await sim.mintSessionToken(shop)) as Record<string, string>).toString(),
    });
    expect(res.status).toBe(200);
  });

  it("issues expiring offline tokens with a refresh token, and refreshes them", async () => {
    const { body } = await postAccessToken(sim, shop, exchangeBody(await sim.mintSessionToken(shop), { expiring: "1" }));
    expect(body).toMatchObject({ expires_in: 3600, refresh_token: expect.stringMatching(/^shprt_/), refresh_token_expires_in: 7776000 });
    const refreshed = await postAccessToken(sim, shop, {
      client_id: TEST_APP.apiKey,
      client_secret: TEST_APP.apiSecret,
      grant_type: "refresh_token",
      refresh_token: body.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(body.access_token);
    expect(refreshed.body.refresh_token).not.toBe(body.refresh_token);
    // Using the replacement retires the original refresh token.
    await postAccessToken(sim, shop, { client_id: TEST_APP.apiKey, client_secret: TEST_APP.apiSecret, grant_type: "refresh_token", refresh_token: refreshed.body.refresh_token });
    const reused = await postAccessToken(sim, shop, { client_id: TEST_APP.apiKey, client_secret: TEST_APP.apiSecret, grant_type: "refresh_token", refresh_token: body.refresh_token });
    expect(reused).toEqual({ status: 400, body: { error: "invalid_grant", error_description: expect.any(String) } });
  });

  it("issues online tokens with the associated user from the session token's sub", async () => {
    const { status, body } = await postAccessToken(
      sim,
      shop,
      exchangeBody(await sim.mintSessionToken(shop, { sub: "777" }), { requested_token_type: ONLINE_TOKEN_TYPE }),
    );
    expect(status).toBe(200);
    expect(body).toMatchObject({ access_token: expect.stringMatching(/^shpua_/), expires_in: 86399, associated_user: { id: 777 } });
  });

  it.each([
    ["signed with another secret", { secret: "not-the-app-secret" }],
    ["addressed to another app", { aud: "someone-elses-app" }],
    ["expired", { exp: Math.floor(Date.now() / 1000) - 120 }],
    ["for another shop than the request", { dest: "https://other-shop.myshopify.com" }],
  ])("rejects a session token %s with 400 invalid_subject_token", async (_label, forge) => {
    const { status, body } = await postAccessToken(sim, shop, exchangeBody(await forgedToken(forge)));
    expect(status).toBe(400);
    expect(body.error).toBe("invalid_subject_token");
    expect(sim.state.tokenExchanges.at(-1)).toMatchObject({ ok: false, status: 400, error: "invalid_subject_token" });
  });

  it("rejects wrong client credentials", async () => {
    const { status, body } = await postAccessToken(sim, shop, { ...exchangeBody(await sim.mintSessionToken(shop)), client_secret: "wrong" });
    expect(status).toBe(401);
    expect(body.error).toBe("invalid_client");
  });

  it("migrates a non-expiring offline token to an expiring one and retires the old token", async () => {
    const { body: old } = await postAccessToken(sim, shop, exchangeBody(await sim.mintSessionToken(shop)));
    const { status, body } = await postAccessToken(sim, shop, {
      ...exchangeBody(String(old.access_token)),
      subject_token_type: OFFLINE_TOKEN_TYPE,
      expiring: "1",
    });
    expect(status).toBe(200);
    expect(body.refresh_token).toBeDefined();
    expect((await adminClient(sim, shop, String(old.access_token))("{ shop { name } }")).status).toBe(401);
  });

  it("installs the app on a shop it has not seen, creating that shop", async () => {
    const other = "second-store.myshopify.com";
    const { status } = await postAccessToken(sim, other, exchangeBody(await sim.mintSessionToken(other)));
    expect(status).toBe(200);
    expect(sim.state.shops.get(other)?.locations.size).toBe(2);
  });
});

describe("access tokens on the GraphQL endpoint", () => {
  it("answers 401 like Shopify for a missing, unknown or other shop's token", async () => {
    const expected = { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" };
    const unknown = await adminClient(sim, shop, "shpat_not-a-token")("{ shop { name } }");
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(expected);
    const { body } = await postAccessToken(sim, shop, exchangeBody(await sim.mintSessionToken(shop)));
    const elsewhere = await adminClient(sim, "second-store.myshopify.com", String(body.access_token))("{ shop { name } }");
    expect(elsewhere.status).toBe(401);
  });

  it("stops accepting an expiring token after it expires", async () => {
    const { body } = await postAccessToken(sim, shop, exchangeBody(await sim.mintSessionToken(shop), { expiring: "1" }));
    sim.state.accessTokens.get(String(body.access_token))!.expiresAt = Date.now() - 1;
    expect((await adminClient(sim, shop, String(body.access_token))("{ shop { name } }")).status).toBe(401);
  });
});

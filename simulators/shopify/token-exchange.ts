// POST /admin/oauth/access_token: token exchange (session token -> offline or online access token,
// optionally expiring with a refresh token), refresh_token grants, and the migration of a
// non-expiring offline token to an expiring one. Response shapes are what @shopify/shopify-api 15
// (lib/auth/oauth/create-session) parses; errors use the OAuth error bodies the Remix package
// inspects (400 invalid_subject_token makes it re-fetch a session token).
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { parseFormOrJson, readBody, sendJson } from "./http-util";
import type { Runtime } from "./runtime";
import { verifySessionToken } from "./session-token";
import type { AccessTokenRecord, TokenExchangeRecord } from "./state";

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

/** Expiring offline tokens live one hour; their refresh tokens 90 days (Shopify's numbers). */
export const EXPIRING_TOKEN_TTL_SECONDS = 3600;
export const REFRESH_TOKEN_TTL_SECONDS = 90 * 24 * 3600;
export const ONLINE_TOKEN_TTL_SECONDS = 86399;

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
  }
}

function token(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}

function issueOffline(runtime: Runtime, shop: string, clientId: string, expiring: boolean) {
  const now = Date.now();
  const record: AccessTokenRecord = {
    token: token("shpat_"),
    shop,
    clientId,
    scope: runtime.scopes,
    online: false,
    issuedAt: now,
    ...(expiring ? { expiresAt: now + EXPIRING_TOKEN_TTL_SECONDS * 1000 } : {}),
  };
  runtime.state.accessTokens.set(record.token, record);
  if (!expiring) return { body: { access_token: record.token, scope: record.scope }, record };
  const refresh = token("shprt_");
  runtime.state.refreshTokens.set(refresh, {
    token: refresh,
    shop,
    clientId,
    scope: runtime.scopes,
    expiresAt: now + REFRESH_TOKEN_TTL_SECONDS * 1000,
    retired: false,
  });
  return {
    body: {
      access_token: record.token,
      scope: record.scope,
      expires_in: EXPIRING_TOKEN_TTL_SECONDS,
      refresh_token: refresh,
      refresh_token_expires_in: REFRESH_TOKEN_TTL_SECONDS,
    },
    record,
  };
}

function issueOnline(runtime: Runtime, shop: string, clientId: string, sub: string | undefined) {
  const userId = Number(sub) || 93046202;
  const now = Date.now();
  const record: AccessTokenRecord = {
    token: token("shpua_"),
    shop,
    clientId,
    scope: runtime.scopes,
    online: true,
    userId,
    issuedAt: now,
    expiresAt: now + ONLINE_TOKEN_TTL_SECONDS * 1000,
  };
  runtime.state.accessTokens.set(record.token, record);
  return {
    body: {
      access_token: record.token,
      scope: record.scope,
      expires_in: ONLINE_TOKEN_TTL_SECONDS,
      associated_user_scope: record.scope,
      associated_user: {
        id: userId,
        first_name: "Demo",
        last_name: "Merchant",
        email: `staff-${userId}@example.com`,
        account_owner: true,
        locale: "en",
        collaborator: false,
        email_verified: true,
      },
    },
    record,
  };
}

async function exchange(runtime: Runtime, body: Record<string, unknown>, headerShop: string | null, log: TokenExchangeRecord) {
  const grantType = String(body.grant_type ?? "");
  if (grantType === "refresh_token") return refresh(runtime, body, headerShop, log);
  if (grantType !== TOKEN_EXCHANGE_GRANT) throw new OAuthError(400, "unsupported_grant_type", `grant_type ${grantType || "(missing)"} is not supported`);

  const subjectToken = String(body.subject_token ?? "");
  const subjectType = String(body.subject_token_type ?? "");
  const requested = String(body.requested_token_type ?? OFFLINE_TOKEN_TYPE);
  const expiring = String(body.expiring ?? "0") === "1";
  log.requestedTokenType = requested;
  log.subjectTokenType = subjectType;
  log.expiring = expiring;

  if (subjectType === OFFLINE_TOKEN_TYPE) {
    // Migrating a non-expiring offline token to an expiring one; the old token stops working.
    const old = runtime.state.accessTokens.get(subjectToken);
    if (!old || old.online || old.expiresAt !== undefined || old.clientId !== log.clientId || (headerShop && old.shop !== headerShop)) {
      throw new OAuthError(400, "invalid_subject_token", "The subject token is not a non-expiring offline access token for this app and shop");
    }
    log.shop = old.shop;
    runtime.state.accessTokens.delete(subjectToken);
    return issueOffline(runtime, old.shop, log.clientId, true);
  }
  if (subjectType !== ID_TOKEN_TYPE) throw new OAuthError(400, "invalid_request", `subject_token_type ${subjectType || "(missing)"} is not supported`);

  const verified = await verifySessionToken(subjectToken, runtime.apiKey, runtime.apiSecret);
  if (!verified.ok) throw new OAuthError(400, "invalid_subject_token", `Session token is invalid: ${verified.reason}`);
  if (headerShop && verified.shop !== headerShop) {
    throw new OAuthError(400, "invalid_subject_token", `Session token is for ${verified.shop}, not ${headerShop}`);
  }
  log.shop = verified.shop;
  const shop = runtime.ensureShop(verified.shop);
  shop.installed = true;
  if (requested === OFFLINE_TOKEN_TYPE) return issueOffline(runtime, verified.shop, log.clientId, expiring);
  if (requested === ONLINE_TOKEN_TYPE) return issueOnline(runtime, verified.shop, log.clientId, verified.claims.sub);
  throw new OAuthError(400, "invalid_request", `requested_token_type ${requested} is not supported`);
}

function refresh(runtime: Runtime, body: Record<string, unknown>, headerShop: string | null, log: TokenExchangeRecord) {
  const presented = String(body.refresh_token ?? "");
  const record = runtime.state.refreshTokens.get(presented);
  if (!record || record.retired || record.expiresAt < Date.now() || record.clientId !== log.clientId || (headerShop && record.shop !== headerShop)) {
    throw new OAuthError(400, "invalid_grant", "Token has been expired or revoked.");
  }
  log.shop = record.shop;
  // Using a replacement retires the token it replaced; the presented one stays retryable until its
  // own replacement is used (Shopify's "more resilient refreshes", 2026-08).
  for (const other of runtime.state.refreshTokens.values()) if (other.replacedBy === presented) other.retired = true;
  const issued = issueOffline(runtime, record.shop, log.clientId, true);
  record.replacedBy = issued.body.refresh_token;
  return issued;
}

export async function handleAccessToken(runtime: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = parseFormOrJson(await readBody(req), req.headers["content-type"]);
  const headerShop = (req.headers["x-shopify-shop-domain"] as string | undefined) ?? null;
  const log: TokenExchangeRecord = {
    at: Date.now(),
    shop: headerShop ?? "",
    clientId: String(body.client_id ?? ""),
    grantType: String(body.grant_type ?? ""),
    requestedTokenType: null,
    subjectTokenType: null,
    expiring: false,
    ok: false,
    status: 0,
  };
  runtime.state.tokenExchanges.push(log);
  try {
    if (log.clientId !== runtime.apiKey || String(body.client_secret ?? "") !== runtime.apiSecret) {
      throw new OAuthError(401, "invalid_client", "Client authentication failed: unknown client_id or wrong client_secret");
    }
    const { body: response, record } = await exchange(runtime, body, headerShop, log);
    log.ok = true;
    log.status = 200;
    log.accessTokenIssued = record.token;
    sendJson(res, 200, response);
  } catch (error) {
    if (!(error instanceof OAuthError)) throw error;
    log.status = error.status;
    log.error = error.error;
    sendJson(res, error.status, { error: error.error, error_description: error.description });
  }
}

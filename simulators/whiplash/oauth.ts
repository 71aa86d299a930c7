// OAuth2 as Whiplash does it (DESIGN.md section 6): authorization-code flow with a browser page at
// /oauth/authorize, POST /oauth/token for the code and for refresh tokens, bearer tokens valid 2 h.
// A token grants access to one customer (the one chosen on the authorize page).
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { escapeHtml, readParams, redirect, sendHtml, sendJson } from "./http";
import type { SimState } from "./state";

export interface OAuthState {
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
  codes: Map<string, { customerId: number; redirectUri: string; expiresAt: number }>;
  accessTokens: Map<string, { customerId: number; expiresAt: number }>;
  refreshTokens: Map<string, { customerId: number }>;
  /** Counts for tests: how often each grant was used. */
  grants: { authorization_code: number; refresh_token: number };
}

export function createOAuthState(clientId: string, clientSecret: string, tokenTtlSeconds = 7200): OAuthState {
  return {
    clientId,
    clientSecret,
    tokenTtlSeconds,
    codes: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    grants: { authorization_code: 0, refresh_token: 0 },
  };
}

const token = () => randomBytes(24).toString("hex");

export function issueTokens(oauth: OAuthState, state: SimState, customerId: number) {
  const access = token();
  const refresh = token();
  oauth.accessTokens.set(access, { customerId, expiresAt: state.now() + oauth.tokenTtlSeconds * 1000 });
  oauth.refreshTokens.set(refresh, { customerId });
  return {
    access_token: access,
    token_type: "bearer",
    expires_in: oauth.tokenTtlSeconds,
    refresh_token: refresh,
    scope: "user_manage",
    created_at: Math.floor(state.now() / 1000),
  };
}

/** The customer a bearer token grants, or null (missing, unknown or expired). */
export function authenticate(oauth: OAuthState, state: SimState, header: string | undefined): number | null {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? "");
  const entry = match ? oauth.accessTokens.get(match[1]) : undefined;
  if (!entry || entry.expiresAt <= state.now()) return null;
  return entry.customerId;
}

export async function handleOAuth(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  oauth: OAuthState,
  state: SimState,
): Promise<boolean> {
  if (url.pathname === "/oauth/authorize" && req.method === "GET") {
    const clientId = url.searchParams.get("client_id");
    const redirectUri = url.searchParams.get("redirect_uri") ?? "";
    if (clientId !== oauth.clientId || !redirectUri) {
      sendHtml(res, 400, "<p>Unknown client_id or missing redirect_uri.</p>");
      return true;
    }
    const options = [...state.customers.values()]
      .map((c) => `<option value="${c.id}">${escapeHtml(c.name)} (#${c.id})</option>`)
      .join("");
    const hidden = ["client_id", "redirect_uri", "state", "scope", "response_type"]
      .map((k) => `<input type="hidden" name="${k}" value="${escapeHtml(url.searchParams.get(k) ?? "")}">`)
      .join("");
    sendHtml(
      res,
      200,
      `<!doctype html><title>Whiplash (simulator): authorize</title>
      <h1>Authorize application</h1>
      <p>The application <b>${escapeHtml(clientId)}</b> asks to read and manage your Whiplash account.</p>
      <form method="post" action="/oauth/authorize">${hidden}
        <label>Customer <select name="customer_id">${options}</select></label>
        <button type="submit">Authorize</button>
      </form>`,
    );
    return true;
  }
  if (url.pathname === "/oauth/authorize" && req.method === "POST") {
    const p = await readParams(req);
    const customerId = Number(p.customer_id);
    if (p.client_id !== oauth.clientId || !state.customers.has(customerId) || typeof p.redirect_uri !== "string") {
      sendHtml(res, 400, "<p>Invalid authorization request.</p>");
      return true;
    }
    const code = token();
    oauth.codes.set(code, { customerId, redirectUri: p.redirect_uri, expiresAt: state.now() + 10 * 60_000 });
    const target = new URL(p.redirect_uri);
    target.searchParams.set("code", code);
    if (typeof p.state === "string" && p.state) target.searchParams.set("state", p.state);
    redirect(res, target.toString());
    return true;
  }
  if (url.pathname === "/oauth/token" && req.method === "POST") {
    const p = await readParams(req);
    if (p.client_id !== oauth.clientId || p.client_secret !== oauth.clientSecret) {
      sendJson(res, 401, { error: "invalid_client" });
      return true;
    }
    if (p.grant_type === "authorization_code") {
      const entry = typeof p.code === "string" ? oauth.codes.get(p.code) : undefined;
      if (!entry || entry.expiresAt <= state.now() || (p.redirect_uri !== undefined && p.redirect_uri !== entry.redirectUri)) {
        sendJson(res, 400, { error: "invalid_grant" });
        return true;
      }
      oauth.codes.delete(p.code as string);
      oauth.grants.authorization_code++;
      sendJson(res, 200, issueTokens(oauth, state, entry.customerId));
      return true;
    }
    if (p.grant_type === "refresh_token") {
      const entry = typeof p.refresh_token === "string" ? oauth.refreshTokens.get(p.refresh_token) : undefined;
      if (!entry) {
        sendJson(res, 400, { error: "invalid_grant" });
        return true;
      }
      oauth.refreshTokens.delete(p.refresh_token as string); // rotated: a refresh token works once
      oauth.grants.refresh_token++;
      sendJson(res, 200, issueTokens(oauth, state, entry.customerId));
      return true;
    }
    sendJson(res, 400, { error: "unsupported_grant_type" });
    return true;
  }
  return false;
}

// Local-only seam: sends every HTTP call the Shopify libraries (and our own Admin client) make to a
// simulator instead of https://<shop>. Off unless SHOPIFY_ADMIN_BASE_URL is set; env.ts refuses it
// in production unless explicitly allowed.
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

/** Header carrying the shop domain to the simulator (the host no longer names it). */
export const SHOP_DOMAIN_HEADER = "x-shopify-shop-domain";

const MYSHOPIFY_HOST = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;

/** Rewrites https://<shop>.myshopify.com/<path> to <base>/<path>; other URLs are returned unchanged. */
export function rewriteShopUrl(url: string, baseUrl: string): { url: string; shop?: string } {
  const parsed = new URL(url);
  if (!MYSHOPIFY_HOST.test(parsed.hostname)) return { url };
  const base = new URL(baseUrl);
  const basePath = base.pathname.replace(/\/$/, "");
  return { url: `${base.origin}${basePath}${parsed.pathname}${parsed.search}`, shop: parsed.hostname };
}

type Fetch = typeof fetch;

export function redirectingFetch(baseUrl: string, inner: Fetch = fetch): Fetch {
  return async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    const target = rewriteShopUrl(request.url, baseUrl);
    if (!target.shop) return inner(request);
    const headers = new Headers(request.headers);
    headers.set(SHOP_DOMAIN_HEADER, target.shop);
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return inner(target.url, { method: request.method, headers, body, signal: request.signal });
  };
}

/** Points the Shopify libraries' single fetch seam at the simulator. */
export function installAdminBaseUrl(baseUrl: string | undefined): void {
  if (!baseUrl) return;
  setAbstractFetchFunc(redirectingFetch(baseUrl) as never);
}

/** Admin API URL for our own client, honouring the same seam. */
export function adminUrl(
  shop: string,
  path: string,
  baseUrl: string | undefined,
): { url: string; headers: Record<string, string> } {
  const real = `https://${shop}${path}`;
  if (!baseUrl) return { url: real, headers: {} };
  const target = rewriteShopUrl(real, baseUrl);
  return { url: target.url, headers: target.shop ? { [SHOP_DOMAIN_HEADER]: target.shop } : {} };
}

/**
 * Shopify's document headers only let admin.shopify.com and the shop frame the app. The simulated
 * admin lives at the simulator's origin, so it is added to frame-ancestors when (and only when) the
 * simulator seam is configured.
 */
export function allowSimulatorFraming(headers: Headers, baseUrl: string | undefined): void {
  if (!baseUrl) return;
  const csp = headers.get("Content-Security-Policy");
  if (!csp || !csp.includes("frame-ancestors")) return;
  const origin = new URL(baseUrl).origin;
  headers.set("Content-Security-Policy", csp.replace(/frame-ancestors([^;]*)/, `frame-ancestors$1 ${origin}`));
}

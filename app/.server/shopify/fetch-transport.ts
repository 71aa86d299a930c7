// Our own HTTP transport for background work: POST graphql.json with the shop's offline access token.
// Goes through adminUrl() so SHOPIFY_ADMIN_BASE_URL sends it to the local simulator.
import { adminUrl } from "./admin-base-url";
import {
  ADMIN_API_VERSION,
  transportFailure,
  type AdminTransport,
  type GraphqlRequest,
  type SendOptions,
  type TransportResponse,
} from "./transport";
import { postText, type PostResult } from "./http-post";

export interface AccessTokenSource {
  /** Current offline access token (refreshed if it is about to expire). */
  get(): Promise<string>;
  /** Called after a 401: the token may have been rotated by another process. */
  invalidate?(): Promise<void> | void;
}

export interface FetchTransportOptions {
  shop: string;
  token: AccessTokenSource;
  /** SHOPIFY_ADMIN_BASE_URL (simulator) or undefined for https://<shop>. */
  baseUrl?: string;
  apiVersion?: string;
  /** Sends through this fetch instead of node:http(s) (tests and benches that intercept calls). */
  fetch?: typeof fetch;
}

export function fetchTransport(options: FetchTransportOptions): AdminTransport {
  const { shop, token, baseUrl, apiVersion = ADMIN_API_VERSION } = options;
  // Tests and the storm bench inject a fetch to watch or break calls; otherwise node:http(s).
  const injectedFetch = options.fetch;
  const target = adminUrl(shop, `/admin/api/${apiVersion}/graphql.json`, baseUrl);

  async function post(request: GraphqlRequest, opts: SendOptions): Promise<TransportResponse> {
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    const headers = {
      ...target.headers,
      "content-type": "application/json",
      accept: "application/json",
      "x-shopify-access-token": await token.get(),
    };
    try {
      const { status, header, text } = injectedFetch
        ? await viaFetch(injectedFetch, target.url, headers, JSON.stringify(request), signal)
        : await postText(target.url, headers, JSON.stringify(request), signal);
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      return { status, header, body };
    } catch (error) {
      throw transportFailure(error, shop, request.operationName, opts.signal);
    }
  }

  return {
    shop,
    async send(request, opts) {
      const first = await post(request, opts);
      if (first.status !== 401 || !token.invalidate) return first;
      // Another worker may have rotated an expiring offline token: reload it once and try again.
      await token.invalidate();
      return post(request, opts);
    },
  };
}

async function viaFetch(doFetch: typeof fetch, url: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<PostResult> {
  const response = await doFetch(url, { method: "POST", headers, body, signal });
  return { status: response.status, header: (n) => response.headers.get(n), text: await response.text() };
}

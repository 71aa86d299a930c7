// Lets route loaders/actions use the throttled client through admin.graphql (from authenticate.admin),
// so page loads draw on the same per-shop budget as background work, ahead of it in the queue.
import { GraphqlQueryError, HttpRequestError } from "@shopify/shopify-api";
import { ThrottledAdminClient, type AdminClientOptions } from "./admin-client";
import { sharedBudgets } from "./budget-registry";
import { RetriableError } from "./errors";
import { transportFailure, type AdminTransport, type TransportResponse } from "./transport";

/** The part of authenticate.admin's `admin` context we use. */
export interface RemixAdminGraphql {
  graphql(
    query: string,
    options?: { variables?: Record<string, unknown>; tries?: number; signal?: AbortSignal },
  ): Promise<Response>;
}

function headerLookup(headers: Record<string, unknown> | undefined): (name: string) => string | null {
  return (name) => {
    if (!headers) return null;
    const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
    const value = key ? headers[key] : undefined;
    return value === undefined ? null : Array.isArray(value) ? String(value[0]) : String(value);
  };
}

/**
 * Session problems (401, re-auth bounce) must reach Remix as the Response the library threw, so the
 * embedded app re-authenticates; every other HTTP answer is handed to the client to classify.
 */
function mustPassThrough(response: Response): boolean {
  return (
    response.status === 401 ||
    (response.status >= 300 && response.status < 400) ||
    response.headers.has("x-shopify-api-request-failure-reauthorize")
  );
}

export function remixAdminTransport(admin: RemixAdminGraphql, shop: string): AdminTransport {
  return {
    shop,
    async send(request, options): Promise<TransportResponse> {
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      try {
        // tries: 1 — the library must not retry on its own (fixed 1 s waits); pacing is ours.
        const response = await admin.graphql(request.query, { variables: request.variables, tries: 1, signal });
        return { status: response.status, header: (n) => response.headers.get(n), body: await response.json() };
      } catch (error) {
        if (error instanceof GraphqlQueryError) {
          // HTTP 200 with GraphQL errors (THROTTLED among them): rebuild Shopify's envelope.
          const body = error.body as { data?: unknown; extensions?: unknown; errors?: { graphQLErrors?: unknown } } | undefined;
          return {
            status: 200,
            header: headerLookup(error.headers),
            body: { data: body?.data, extensions: body?.extensions, errors: body?.errors?.graphQLErrors ?? [] },
          };
        }
        if (error instanceof Response) {
          if (mustPassThrough(error)) throw error;
          const text = await error.text();
          let body: unknown;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            body = undefined;
          }
          return { status: error.status, header: (n) => error.headers.get(n), body };
        }
        if (error instanceof HttpRequestError) {
          throw new RetriableError("NETWORK", error.message, { shop, operationName: request.operationName }, { cause: error });
        }
        throw transportFailure(error, shop, request.operationName, options.signal);
      }
    },
  };
}

/**
 * A throttled client for a route: `const client = adminClientFromRequestContext(admin, session)`.
 * Interactive priority by default (a merchant is waiting for the page).
 */
export function adminClientFromRequestContext(
  admin: RemixAdminGraphql,
  session: { shop: string },
  options: Partial<Omit<AdminClientOptions, "transport">> = {},
): ThrottledAdminClient {
  return new ThrottledAdminClient({
    budget: sharedBudgets.forShop(session.shop),
    priority: "interactive",
    // A page should fail visibly rather than hang for a minute behind retries.
    retry: { maxAttempts: 3 },
    timeoutMs: 15_000,
    ...options,
    transport: remixAdminTransport(admin, session.shop),
  });
}

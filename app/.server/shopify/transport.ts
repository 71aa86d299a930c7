// How a GraphQL request reaches Shopify. The throttled client is the same whichever transport carries
// it: our own fetch with a shop's offline token (background work), or admin.graphql from
// authenticate.admin (route loaders/actions; see remix-admin-transport.ts).
import { RetriableError } from "./errors";

export const ADMIN_API_VERSION = "2026-07";

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export interface TransportResponse {
  status: number;
  /** Lower-case header lookup (Retry-After, X-Request-Id). */
  header(name: string): string | null;
  /** Parsed JSON body, or undefined when the body was not JSON. */
  body: unknown;
}

export interface SendOptions {
  signal?: AbortSignal;
  /** Give up on a response after this long; the client treats it as a retriable timeout. */
  timeoutMs: number;
}

/**
 * Carries one request. Throws RetriableError for timeouts and network failures; HTTP statuses are
 * returned, not thrown, so the client classifies them in one place. Anything else it throws (e.g. the
 * Response Remix uses to bounce an expired session) passes through the client unchanged.
 */
export interface AdminTransport {
  readonly shop: string;
  send(request: GraphqlRequest, options: SendOptions): Promise<TransportResponse>;
}

/** Turns an abort/timeout/socket failure into the typed error the client retries. */
export function transportFailure(error: unknown, shop: string, operationName?: string, callerSignal?: AbortSignal): unknown {
  if (callerSignal?.aborted) return callerSignal.reason ?? error;
  const name = (error as { name?: string } | null)?.name;
  if (name === "TimeoutError" || name === "AbortError") {
    return new RetriableError("TIMEOUT", `Admin API request timed out`, { shop, operationName }, { cause: error });
  }
  if (error instanceof TypeError || (error as { code?: string } | null)?.code) {
    return new RetriableError("NETWORK", `Admin API request failed: ${(error as Error).message}`, { shop, operationName }, { cause: error });
  }
  return error;
}

// The throttled client for work without a request (jobs, the shop writer): our fetch transport with
// the shop's offline token, drawing on the same per-shop budget as the shop's page loads.
import { ThrottledAdminClient, type AdminClientOptions } from "../shopify/admin-client";
import { sharedBudgets, type BudgetRegistry } from "../shopify/budget-registry";
import { fetchTransport, type AccessTokenSource } from "../shopify/fetch-transport";
import { getOfflineAccessToken, invalidateOfflineAccessToken } from "./offline-token.server";
import { env } from "../env";

export interface BackgroundClientOptions extends Partial<Omit<AdminClientOptions, "transport" | "budget">> {
  token?: AccessTokenSource;
  /** Defaults to SHOPIFY_ADMIN_BASE_URL (simulator) from the environment. */
  baseUrl?: string;
  budgets?: BudgetRegistry;
  fetch?: typeof fetch;
}

export function backgroundAdminClient(shop: string, options: BackgroundClientOptions = {}): ThrottledAdminClient {
  const token: AccessTokenSource = options.token ?? {
    get: () => getOfflineAccessToken(shop),
    invalidate: () => invalidateOfflineAccessToken(shop),
  };
  const baseUrl = "baseUrl" in options ? options.baseUrl : env().SHOPIFY_ADMIN_BASE_URL;
  return new ThrottledAdminClient({
    ...options,
    budget: (options.budgets ?? sharedBudgets).forShop(shop),
    transport: fetchTransport({ shop, token, baseUrl, fetch: options.fetch }),
  });
}

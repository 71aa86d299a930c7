// Calls to the app backend. In the admin, `fetch` to a path relative to the app's app_url carries
// `Authorization: Bearer <ID token>` automatically (Shopify docs, admin-extensions "App authentication"),
// so no token handling is needed here. `fetch` is a parameter so tests pass a fake.
import type {
  ApiError,
  ItemSettingRequest,
  ProductSyncView,
  VariantSyncView,
} from "../../../app/shared/extension-contract";

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

// Literal paths rather than the contract's constants: this file imports the contract type-only, so
// nothing of the app is bundled into the extension. tests check they match EXTENSION_API.
export const PRODUCT_PATH = "/api/extension/product";
export const ITEM_SETTING_PATH = "/api/extension/item-setting";

export class ApiCallError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiCallError";
  }
}

/** Reads a JSON answer; a non-2xx answer becomes an ApiCallError with the server's message. */
export async function readJson<T>(response: Response): Promise<T> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const message = (body as ApiError | null)?.error ?? `The app answered ${response.status}.`;
    throw new ApiCallError(message, response.status);
  }
  return body as T;
}

export async function loadProductView(fetch: FetchLike, productId: string): Promise<ProductSyncView> {
  const response = await fetch(`${PRODUCT_PATH}?productId=${encodeURIComponent(productId)}`);
  return readJson<ProductSyncView>(response);
}

export async function saveItemSetting(fetch: FetchLike, request: ItemSettingRequest): Promise<VariantSyncView> {
  const response = await fetch(ITEM_SETTING_PATH, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(request),
  });
  return readJson<VariantSyncView>(response);
}

// Shared by the app/routes/api.extension.*.tsx routes: session-token auth, CORS, JSON in and out.
// Requests come from the extension's sandbox (another origin) with `Authorization: Bearer <ID token>`;
// authenticate.admin verifies it (and answers the CORS preflight itself), `cors` adds the headers
// the admin needs to read our answer.
import { z } from "zod";
import { ITEM_SYNC_SETTINGS } from "../../domain/types";
import { authenticate } from "../../shopify.server";
import { jobQueue } from "../wiring/app-queue";
import { logger } from "../logger";
import { adminClientFromRequestContext } from "../shopify/remix-admin-transport";
import prisma from "../../db.server";
import type { AdminRequester } from "../wiring/deps";
import { BodyTooLarge, readLimitedBody } from "../http/limited-body";
import { ExtensionApiError, type ExtensionApiDeps } from "./extension-api";

/** The largest request body the extension endpoints read: a full 250-product selection is about 12 KB. */
export const EXTENSION_MAX_BODY_BYTES = 64 * 1024;

export interface ExtensionRequestContext {
  shop: string;
  deps: ExtensionApiDeps;
  /** The throttled client on this request's admin context (interactive priority). */
  client(): AdminRequester;
}

export async function handleExtensionRequest(request: Request, run: (ctx: ExtensionRequestContext) => Promise<unknown>): Promise<Response> {
  const { admin, session, cors } = await authenticate.admin(request);
  const ctx: ExtensionRequestContext = {
    shop: session.shop,
    deps: { prisma, queue: jobQueue },
    client: () => adminClientFromRequestContext(admin, session),
  };
  try {
    return cors(Response.json(await run(ctx)));
  } catch (error) {
    if (error instanceof Response) throw error; // the library's re-auth answers pass through as they are
    if (error instanceof ExtensionApiError) return cors(Response.json({ error: error.message }, { status: error.status }));
    logger.error("extension request failed", { shop: session.shop, path: new URL(request.url).pathname, error });
    return cors(Response.json({ error: "Something went wrong in the app. Try again." }, { status: 500 }));
  }
}

/** Parses a JSON body of at most EXTENSION_MAX_BODY_BYTES, or throws a 400 / 413 the extension can show. */
export async function readBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(await readLimitedBody(request, EXTENSION_MAX_BODY_BYTES)));
  } catch (error) {
    if (error instanceof BodyTooLarge) throw new ExtensionApiError(413, `The request body is too large (at most ${EXTENSION_MAX_BODY_BYTES} bytes).`);
    throw new ExtensionApiError(400, "The request body must be JSON.");
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ExtensionApiError(400, parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "));
  return parsed.data;
}

const syncSetting = z.enum(ITEM_SYNC_SETTINGS);

export const ItemSettingBody = z.object({
  productId: z.string(),
  variantId: z.string(),
  syncSetting,
});

export const BulkBody = z.object({
  action: z.enum(["SYNC", "SET_SETTING"]),
  productIds: z.array(z.string()).min(1),
  syncSetting: syncSetting.optional(),
});

/** For routes that only take POST: GET is not part of the API (OPTIONS was answered by authenticate.admin). */
export async function postOnly(request: Request): Promise<Response> {
  const { cors } = await authenticate.admin(request);
  return cors(Response.json({ error: "Use POST." }, { status: 405 }));
}

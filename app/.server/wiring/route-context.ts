// What every merchant page's loader/action starts with: the verified session (authenticate.admin), the
// shop's scope, and the process's Prisma client, job queue and throttled Admin client. Keeps routes thin.
import prisma from "../../db.server";
import { authenticate } from "../../shopify.server";
import { jobQueue } from "./app-queue";
import { adminClientFromRequestContext } from "../shopify/remix-admin-transport";
import type { ThrottledAdminClient } from "../shopify/admin-client";
import { loadShopScope, type ConnectedScope, type ShopScope } from "../db/shop-scope";

export interface UiContext {
  shopId: string;
  /** The Shopify staff user behind the request (session token `sub`), when the token names one. */
  userId: string | null;
  scope: ShopScope;
  prisma: typeof prisma;
  queue: typeof jobQueue;
  /** The throttled Admin client on this request's session (interactive priority). */
  admin: () => ThrottledAdminClient;
}

export async function uiContext(request: Request): Promise<UiContext> {
  const { admin, session, sessionToken } = await authenticate.admin(request);
  const scope = await loadShopScope(prisma, session.shop);
  let client: ThrottledAdminClient | undefined;
  return {
    shopId: session.shop,
    userId: sessionToken?.sub ?? null,
    scope,
    prisma,
    queue: jobQueue,
    admin: () => (client ??= adminClientFromRequestContext(admin, session)),
  };
}

/** The connected scope, or null when no Whiplash account is connected yet (pages show how to connect). */
export function connected(ctx: UiContext): ConnectedScope | null {
  const c = ctx.scope.customer;
  return c ? { ...ctx.scope, customer: c, customerPrefs: c.prefs } : null;
}

/** Form fields as a plain object (repeated keys: the last one wins). */
export async function formObject(request: Request): Promise<{ form: FormData; fields: Record<string, string> }> {
  const form = await request.formData();
  const fields: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === "string") fields[k] = v;
  return { form, fields };
}

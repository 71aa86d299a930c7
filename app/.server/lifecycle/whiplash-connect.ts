// Connecting a store to a Whiplash customer account from Settings (DESIGN.md section 6): OAuth authorization
// code flow. The authorize URL carries a `state` signed with the app secret naming the shop, so the
// callback (which runs outside the embedded session, in the window Whiplash redirected) knows which shop
// asked and that it was us. On success: tokens stored encrypted, the customer created or found, the shop
// connected, and the import job queued (it imports items, subscribes webhooks, matches SKUs, first sync).
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { env } from "../env";
import { upsertCustomer } from "../db/customers";
import { upsertShop } from "../db/shops";
import { WHIPLASH_IMPORT_JOB, type WhiplashImportJobData } from "../jobs/registry";
import type { JobQueue } from "../jobs/types";
import { exchangeAuthorizationCode, oauthBaseUrl, WhiplashClient } from "../whiplash/client";
import { parseEncryptionKey } from "../whiplash/token-crypto";
import { memoryTokenStore } from "../whiplash/token-store";
import { clearWhiplashTokens } from "../db/whiplash-tokens";
import { prismaTokenStore } from "../wiring/whiplash-token-store";

export interface WhiplashOAuthConfig {
  apiBaseUrl: string;
  clientId: string;
  clientSecret: string;
  encryptionKey: string;
  /** The app's public URL (the callback lives at /app/whiplash/callback). */
  appUrl: string;
  /** Signs the state parameter (the Shopify app secret). */
  stateSecret: string;
  fetch?: typeof fetch;
  now?: () => number;
}

export const CALLBACK_PATH = "/app/whiplash/callback";
const STATE_TTL_MS = 15 * 60_000;

export function whiplashConfigured(config: Pick<WhiplashOAuthConfig, "clientId" | "clientSecret" | "encryptionKey">): boolean {
  return Boolean(config.clientId && config.clientSecret && config.encryptionKey);
}

function sign(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url");
}

export function signState(shopId: string, config: Pick<WhiplashOAuthConfig, "stateSecret" | "now">): string {
  const payload = Buffer.from(
    JSON.stringify({ shop: shopId, exp: (config.now ?? Date.now)() + STATE_TTL_MS, n: randomBytes(8).toString("hex") }),
  ).toString("base64url");
  return `${payload}.${sign(payload, config.stateSecret)}`;
}

/** The shop a state was signed for, or null (forged, altered or expired). */
export function verifyState(state: string, config: Pick<WhiplashOAuthConfig, "stateSecret" | "now">): string | null {
  const [payload, mac] = state.split(".");
  if (!payload || !mac) return null;
  const want = Buffer.from(sign(payload, config.stateSecret));
  const got = Buffer.from(mac);
  if (want.length !== got.length || !timingSafeEqual(want, got)) return null;
  try {
    const data = z.object({ shop: z.string().min(1), exp: z.number() }).parse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    return data.exp >= (config.now ?? Date.now)() ? data.shop : null;
  } catch {
    return null;
  }
}

export function authorizeUrl(shopId: string, config: WhiplashOAuthConfig): string {
  const url = new URL(`${oauthBaseUrl(config.apiBaseUrl)}/oauth/authorize`);
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("redirect_uri", new URL(CALLBACK_PATH, config.appUrl).toString());
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", "user_manage");
  url.searchParams.set("state", signState(shopId, config));
  return url.toString();
}

export type ConnectResult =
  | { ok: true; shopId: string; whiplashCustomerId: number; customerName: string }
  | { ok: false; message: string };

const CustomerList = z.array(z.looseObject({ id: z.coerce.number(), name: z.string().nullish() }));

export async function completeWhiplashConnect(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  config: WhiplashOAuthConfig,
  params: { code: string | null; state: string | null; error?: string | null },
  /** Runs after the shop is connected and before the import is queued (e.g. choose the default location). */
  beforeImport?: (shopId: string) => Promise<unknown>,
): Promise<ConnectResult> {
  if (params.error) return { ok: false, message: `Whiplash did not grant access (${params.error}). Open Settings and connect again.` };
  const shopId = params.state ? verifyState(params.state, config) : null;
  if (!shopId) return { ok: false, message: "This connection link is invalid or expired. Open Settings in the app and connect again." };
  if (!params.code) return { ok: false, message: "Whiplash sent no authorization code. Connect again from Settings." };
  const doFetch = config.fetch ?? fetch;
  const now = config.now ?? Date.now;
  let tokens;
  try {
    tokens = await exchangeAuthorizationCode(
      { baseUrl: config.apiBaseUrl, clientId: config.clientId, clientSecret: config.clientSecret, fetch: doFetch, now },
      params.code,
      new URL(CALLBACK_PATH, config.appUrl).toString(),
    );
  } catch (error) {
    return { ok: false, message: `Whiplash refused the authorization (${(error as Error).message}). Connect again from Settings.` };
  }
  // Which customer the grant is for: the customers this token may see (no X-CUSTOMER-ID yet).
  const res = await doFetch(`${config.apiBaseUrl.replace(/\/$/, "")}/customers`, {
    headers: { authorization: `Bearer ${tokens.accessToken}`, accept: "application/json" },
    signal: AbortSignal.timeout(30_000),
  });
  if (!res.ok) return { ok: false, message: `Whiplash answered ${res.status} when asked for the account. Try connecting again.` };
  const customers = CustomerList.safeParse(await res.json());
  if (!customers.success || customers.data.length === 0) return { ok: false, message: "The Whiplash login has no customer account." };
  const chosen = customers.data[0];

  // A client on the fresh tokens proves they work before anything is stored.
  const probe = new WhiplashClient({
    baseUrl: config.apiBaseUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    whiplashCustomerId: chosen.id,
    tokens: memoryTokenStore(tokens),
    fetch: doFetch,
    maxRetries: 1,
  });
  await probe.getCustomer();

  const customer = await upsertCustomer(prisma, { whiplashCustomerId: chosen.id, name: chosen.name ?? `Whiplash customer ${chosen.id}` });
  await prismaTokenStore(prisma, customer.id, parseEncryptionKey(config.encryptionKey)).save(tokens);
  await upsertShop(prisma, { id: shopId, customerId: customer.id });
  if (beforeImport) await beforeImport(shopId);
  await queue.send<WhiplashImportJobData>(WHIPLASH_IMPORT_JOB, { customerId: customer.id, shopId }, { shopId, singletonKey: `${customer.id}:${shopId}` });
  return { ok: true, shopId, whiplashCustomerId: chosen.id, customerName: customer.name };
}

export type TestConnectionResult = { ok: true; message: string } | { ok: false; message: string };

/** "Test connection": one authenticated call with the stored (refreshed if needed) tokens. */
export async function testWhiplashConnection(client: Pick<WhiplashClient, "getCustomer">, whiplashCustomerId: number): Promise<TestConnectionResult> {
  try {
    const customer = await client.getCustomer();
    const name = typeof customer.name === "string" ? ` (${customer.name})` : "";
    return { ok: true, message: `Connected to Whiplash customer #${whiplashCustomerId}${name}` };
  } catch (error) {
    return {
      ok: false,
      message: `Whiplash did not accept our stored login: ${(error as Error).message}. Use "Connect Whiplash" to sign in again.`,
    };
  }
}

/** Forgets the Whiplash tokens (the customer's items and settings stay, syncing stops until reconnected). */
export async function disconnectWhiplash(prisma: PrismaClient, customerId: string): Promise<void> {
  await clearWhiplashTokens(prisma, customerId);
}

/** The OAuth settings of this deployment, from the environment. */
export function envOAuthConfig(): WhiplashOAuthConfig {
  const e = env();
  return {
    apiBaseUrl: e.WHIPLASH_API_BASE_URL,
    clientId: e.WHIPLASH_CLIENT_ID,
    clientSecret: e.WHIPLASH_CLIENT_SECRET,
    encryptionKey: e.ENCRYPTION_KEY,
    appUrl: e.SHOPIFY_APP_URL,
    stateSecret: e.SHOPIFY_API_SECRET,
  };
}

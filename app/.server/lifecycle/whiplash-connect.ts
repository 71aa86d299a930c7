// Connecting a store to a Whiplash customer account from Settings (DESIGN.md section 6): OAuth authorization
// code flow, bound to the person who started it (issue 12 item 1, login CSRF).
//
// 1. start (Settings action, Shopify session): a random `state`, stored with the shop and the staff user
//    for 10 minutes, goes into the authorize URL the Settings page opens in a popup.
// 2. callback (the popup, outside the embedded admin, no Shopify session): the stored state is marked
//    used and the code kept (encrypted); a fresh `claim` goes only to this page, which hands it to the
//    window that opened it (the Settings page, same origin) and to nothing else.
// 3. finish (Settings action again, Shopify session): state + claim, from the same shop and user. Only
//    then is the code exchanged and anything linked.
// An authorize URL approved in another browser reaches step 2 but never step 3: that browser has no
// Settings window of the starting store to hand the claim to, and the starter never sees the claim.
// Linking a Whiplash customer that another store already uses needs an explicit confirmation (step 4,
// its own single-use token), naming the customer. On success: tokens stored encrypted, the customer
// created or found, the shop connected, and the import job queued.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { env } from "../env";
import { findCustomerByWhiplashId, upsertCustomer } from "../db/customers";
import { countShopsOfCustomer, shopCustomerId, upsertShop } from "../db/shops";
import { createConnect, deleteShopConnects, markConnectAuthorized, takeConnect, type ConnectRow } from "../db/whiplash-connects";
import { WHIPLASH_IMPORT_JOB, type WhiplashImportJobData } from "../jobs/registry";
import type { JobQueue } from "../jobs/types";
import { exchangeAuthorizationCode, oauthBaseUrl, WhiplashClient } from "../whiplash/client";
import { decryptSecret, encryptSecret, parseEncryptionKey } from "../whiplash/token-crypto";
import { memoryTokenStore, type WhiplashTokens } from "../whiplash/token-store";
import { prismaTokenStore } from "../wiring/whiplash-token-store";

export interface WhiplashOAuthConfig {
  apiBaseUrl: string;
  clientId: string;
  clientSecret: string;
  encryptionKey: string;
  /** The app's public URL (the callback lives at /app/whiplash/callback). */
  appUrl: string;
  fetch?: typeof fetch;
  now?: () => number;
}

/** Who asks, from the verified Shopify session: the shop and the staff user (session token `sub`). */
export interface ConnectRequester {
  shopId: string;
  userId: string | null;
}

export const CALLBACK_PATH = "/app/whiplash/callback";
/** How long a started connection (and a pending confirmation) stays usable. */
export const CONNECT_TTL_MS = 10 * 60_000;

export function whiplashConfigured(config: Pick<WhiplashOAuthConfig, "clientId" | "clientSecret" | "encryptionKey">): boolean {
  return Boolean(config.clientId && config.clientSecret && config.encryptionKey);
}

const token = () => randomBytes(32).toString("base64url");
const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const nowOf = (config: Pick<WhiplashOAuthConfig, "now">) => new Date((config.now ?? Date.now)());
/** The encryption context of a row's secret: a ciphertext copied onto another row does not decrypt. */
const secretContext = (rowId: string) => `whiplash-connect:${rowId}`;

/** Step 1: remembers who started the flow and returns the authorize URL (its state names the stored row). */
export async function startWhiplashConnect(prisma: PrismaClient, config: WhiplashOAuthConfig, who: ConnectRequester): Promise<string> {
  const state = token();
  const now = nowOf(config);
  await createConnect(prisma, { id: state, shopId: who.shopId, userId: who.userId, stage: "STARTED", expiresAt: new Date(now.getTime() + CONNECT_TTL_MS) }, now);
  const url = new URL(`${oauthBaseUrl(config.apiBaseUrl)}/oauth/authorize`);
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("redirect_uri", new URL(CALLBACK_PATH, config.appUrl).toString());
  url.searchParams.set("response_type", "code");
  url.searchParams.set("scope", "user_manage");
  url.searchParams.set("state", state);
  return url.toString();
}

export type CallbackResult = { ok: true; state: string; claim: string } | { ok: false; message: string };

/** Step 2: the callback keeps the code for the starter and hands this page a claim; it links nothing. */
export async function receiveWhiplashCallback(
  prisma: PrismaClient,
  config: WhiplashOAuthConfig,
  params: { code: string | null; state: string | null; error?: string | null },
): Promise<CallbackResult> {
  if (params.error) return { ok: false, message: `Whiplash did not grant access (${params.error}). Open Settings and connect again.` };
  if (!params.state || !params.code) return { ok: false, message: "Whiplash sent no authorization code. Connect again from Settings." };
  const claim = token();
  const stored = await markConnectAuthorized(prisma, params.state, nowOf(config), {
    claimHash: sha256(claim),
    secretEnc: encryptSecret(params.code, parseEncryptionKey(config.encryptionKey), secretContext(params.state)),
  });
  if (!stored) return { ok: false, message: "This connection link is invalid, expired or already used. Open Settings in the app and connect again." };
  return { ok: true, state: params.state, claim };
}

export type ConnectResult =
  | { ok: true; shopId: string; whiplashCustomerId: number; customerName: string }
  | { ok: true; needsConfirmation: true; confirmToken: string; whiplashCustomerId: number; customerName: string; otherStores: number }
  | { ok: false; message: string };

const CustomerList = z.array(z.looseObject({ id: z.coerce.number(), name: z.string().nullish() }));
const TokensJson = z.object({ accessToken: z.string(), refreshToken: z.string().nullable(), expiresAt: z.number() });
const NOT_VERIFIED = "This Whiplash sign-in could not be matched to this page (expired, already used, or started by someone else). Connect again from Settings.";

type BeforeImport = (shopId: string) => Promise<unknown>;

/**
 * Step 3: the Settings page that started the flow brings the claim the callback page handed it. The row
 * is taken (deleted) first, so a wrong claim or user also burns it.
 */
export async function finishWhiplashConnect(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  config: WhiplashOAuthConfig,
  who: ConnectRequester,
  params: { state: string; claim: string },
  /** Runs after the shop is connected and before the import is queued (e.g. choose the default location). */
  beforeImport?: BeforeImport,
): Promise<ConnectResult> {
  const now = nowOf(config);
  const row = await takeConnect(prisma, { id: params.state, shopId: who.shopId, stage: "AUTHORIZED" }, now);
  if (!row || row.userId !== who.userId || !row.claimHash || !row.secretEnc || !sameHash(row.claimHash, sha256(params.claim))) {
    return { ok: false, message: NOT_VERIFIED };
  }
  const key = parseEncryptionKey(config.encryptionKey);
  const code = decryptSecret(row.secretEnc, key, secretContext(row.id));
  const doFetch = config.fetch ?? fetch;
  let tokens: WhiplashTokens;
  try {
    tokens = await exchangeAuthorizationCode(
      { baseUrl: config.apiBaseUrl, clientId: config.clientId, clientSecret: config.clientSecret, fetch: doFetch, now: config.now },
      code,
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
  const chosen = { id: customers.data[0].id, name: customers.data[0].name ?? `Whiplash customer ${customers.data[0].id}` };

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

  // A customer another store already uses: its catalogue, stock and customer-wide settings would be shared
  // with this store. The merchant confirms that, knowing which account it is.
  const existing = await findCustomerByWhiplashId(prisma, chosen.id);
  if (existing && (await shopCustomerId(prisma, who.shopId)) !== existing.id) {
    const otherStores = await countShopsOfCustomer(prisma, existing.id, { except: who.shopId });
    if (otherStores > 0) {
      const confirmToken = token();
      const id = sha256(confirmToken);
      await createConnect(
        prisma,
        {
          id,
          shopId: who.shopId,
          userId: who.userId,
          stage: "CONFIRM",
          secretEnc: encryptSecret(JSON.stringify(tokens), key, secretContext(id)),
          whiplashCustomerId: chosen.id,
          customerName: chosen.name,
          expiresAt: new Date(now.getTime() + CONNECT_TTL_MS),
        },
        now,
      );
      return { ok: true, needsConfirmation: true, confirmToken, whiplashCustomerId: chosen.id, customerName: chosen.name, otherStores };
    }
  }
  return link(prisma, queue, config, who.shopId, chosen, tokens, beforeImport);
}

/** Step 4: the merchant confirmed linking a customer another store uses (single-use token from step 3). */
export async function confirmWhiplashConnect(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  config: WhiplashOAuthConfig,
  who: ConnectRequester,
  confirmToken: string,
  beforeImport?: BeforeImport,
): Promise<ConnectResult> {
  const row: ConnectRow | null = await takeConnect(prisma, { id: sha256(confirmToken), shopId: who.shopId, stage: "CONFIRM" }, nowOf(config));
  if (!row || row.userId !== who.userId || !row.secretEnc || row.whiplashCustomerId === null) return { ok: false, message: NOT_VERIFIED };
  const tokens = TokensJson.parse(JSON.parse(decryptSecret(row.secretEnc, parseEncryptionKey(config.encryptionKey), secretContext(row.id))));
  const chosen = { id: row.whiplashCustomerId, name: row.customerName ?? `Whiplash customer ${row.whiplashCustomerId}` };
  return link(prisma, queue, config, who.shopId, chosen, tokens, beforeImport);
}

/** The merchant said no: the pending confirmation (and its tokens) are dropped. */
export async function cancelWhiplashConnect(prisma: PrismaClient, shopId: string): Promise<void> {
  await deleteShopConnects(prisma, shopId, "CONFIRM");
}

async function link(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  config: WhiplashOAuthConfig,
  shopId: string,
  chosen: { id: number; name: string },
  tokens: WhiplashTokens,
  beforeImport?: BeforeImport,
): Promise<ConnectResult> {
  const customer = await upsertCustomer(prisma, { whiplashCustomerId: chosen.id, name: chosen.name });
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

/** The OAuth settings of this deployment, from the environment. */
export function envOAuthConfig(): WhiplashOAuthConfig {
  const e = env();
  return {
    apiBaseUrl: e.WHIPLASH_API_BASE_URL,
    clientId: e.WHIPLASH_CLIENT_ID,
    clientSecret: e.WHIPLASH_CLIENT_SECRET,
    encryptionKey: e.ENCRYPTION_KEY,
    appUrl: e.SHOPIFY_APP_URL,
  };
}

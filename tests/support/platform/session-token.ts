// Mints the session token (ID token) Shopify's admin gives an embedded app or an admin UI extension:
// an HS256 JWT signed with the app secret (what authenticate.admin verifies, locally, with jose).
import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";

export interface TokenOptions {
  apiKey?: string;
  apiSecret?: string;
  /** Seconds from now (negative: already expired). */
  expiresIn?: number;
  sub?: string;
}

export async function mintSessionToken(shop: string, options: TokenOptions = {}): Promise<string> {
  const apiKey = options.apiKey ?? process.env.SHOPIFY_API_KEY ?? "demo-api-key";
  const secret = options.apiSecret ?? process.env.SHOPIFY_API_SECRET ?? "demo-api-secret";
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ dest: `https://${shop}`, sid: randomUUID() })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${shop}/admin`)
    .setAudience(apiKey)
    .setSubject(options.sub ?? "42")
    .setIssuedAt(now - 5)
    .setNotBefore(now - 5)
    .setExpirationTime(now + (options.expiresIn ?? 60))
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(secret));
}

/** authenticate.admin answers 410 to anything isbot() flags (curl, HeadlessChrome): look like a browser. */
export const BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
/** Admin UI extensions run in a sandbox on Shopify's extension CDN: their requests are cross-origin. */
export const EXTENSION_ORIGIN = "https://extensions.shopifycdn.com";

export function extensionRequest(url: string, token: string | null, init: RequestInit = {}): Request {
  const headers = new Headers(init.headers);
  headers.set("User-Agent", BROWSER_UA);
  headers.set("Origin", EXTENSION_ORIGIN);
  if (token) headers.set("Authorization", `Bearer ${token}`);
  if (init.body) headers.set("Content-Type", "application/json");
  return new Request(new URL(url, "http://127.0.0.1:3000"), { ...init, headers });
}

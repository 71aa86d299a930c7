// Session tokens (App Bridge ID tokens): HS256 JWTs signed with the app secret, addressed to the app
// (aud = api key), naming the shop in dest/iss and the staff member in sub, like Shopify's.
import { randomBytes, randomUUID } from "node:crypto";
import { jwtVerify, SignJWT, type JWTPayload } from "jose";

export interface SessionTokenClaims extends JWTPayload {
  dest: string;
  sid?: string;
}

export const DEFAULT_USER_ID = "93046202";

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

export async function mintSessionToken(
  shop: string,
  apiKey: string,
  apiSecret: string,
  opts: { expiresInSeconds?: number; sub?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const exp = now + (opts.expiresInSeconds ?? 60);
  return new SignJWT({
    dest: `https://${shop}`,
    sid: randomBytes(16).toString("hex"),
    sig: randomBytes(32).toString("hex"),
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${shop}/admin`)
    .setAudience(apiKey)
    .setSubject(opts.sub ?? DEFAULT_USER_ID)
    .setIssuedAt(Math.min(now, exp - 1))
    .setNotBefore(Math.min(now, exp - 1))
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(key(apiSecret));
}

/** Verifies a session token for this app; returns the shop it is for, or the reason it is invalid. */
export async function verifySessionToken(
  token: string,
  apiKey: string,
  apiSecret: string,
): Promise<{ ok: true; shop: string; claims: SessionTokenClaims } | { ok: false; reason: string }> {
  let claims: SessionTokenClaims;
  try {
    // The same 10 s leeway @shopify/shopify-api allows when it decodes these tokens.
    const { payload } = await jwtVerify(token, key(apiSecret), { algorithms: ["HS256"], clockTolerance: 10 });
    claims = payload as SessionTokenClaims;
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  if (claims.aud !== apiKey) return { ok: false, reason: "aud does not match the client id" };
  let shop: string;
  try {
    shop = new URL(claims.dest).hostname;
  } catch {
    return { ok: false, reason: "dest is not a shop URL" };
  }
  if (!/^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i.test(shop)) return { ok: false, reason: "dest is not a myshopify.com shop" };
  if (claims.iss !== `https://${shop}/admin`) return { ok: false, reason: "iss does not match dest" };
  return { ok: true, shop, claims };
}

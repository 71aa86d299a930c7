// Whiplash webhook signatures: header X-WHIPLASH-SIGNATURE = hex HMAC-SHA256 of the raw body, keyed
// with our OAuth application's client secret (DESIGN.md section 6). Whiplash's own verifier signs the
// client id when the body is empty; we accept that form too so an empty ping is recognised as signed.
import { createHmac, timingSafeEqual } from "node:crypto";

export const WHIPLASH_SIGNATURE_HEADER = "x-whiplash-signature";

export function signWhiplashBody(body: Uint8Array | string, secret: string): string {
  return createHmac("sha256", secret).update(body).digest("hex");
}

/** True only for a well-formed signature made with `secret`. An empty secret never verifies. */
export function verifyWhiplashSignature(
  rawBody: Uint8Array,
  header: string | null | undefined,
  secret: string,
  clientId = "",
): boolean {
  if (!secret || !header) return false;
  const given = header.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(given)) return false;
  const givenBytes = Buffer.from(given, "hex");
  const candidates: (Uint8Array | string)[] = [rawBody];
  if (rawBody.length === 0 && clientId) candidates.push(clientId);
  let ok = false;
  for (const signed of candidates) {
    const expected = createHmac("sha256", secret).update(signed).digest();
    // Equal lengths are guaranteed above (32 bytes), as timingSafeEqual requires.
    if (timingSafeEqual(expected, givenBytes)) ok = true;
  }
  return ok;
}

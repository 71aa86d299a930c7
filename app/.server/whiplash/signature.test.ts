import { describe, expect, it } from "vitest";
import { signWhiplashBody, verifyWhiplashSignature } from "./signature";

const secret = "s3cret";
const body = Buffer.from('{"event_name":"item.inventory_changed","item":{"id":1}}');

describe("verifyWhiplashSignature", () => {
  it("accepts the hex HMAC-SHA256 of the raw body (any hex case)", () => {
    const sig = signWhiplashBody(body, secret);
    expect(sig).toMatch(/^[0-9a-f]{64}$/);
    expect(verifyWhiplashSignature(body, sig, secret)).toBe(true);
    expect(verifyWhiplashSignature(body, sig.toUpperCase(), secret)).toBe(true);
  });

  it("refuses missing, malformed, truncated, wrong-secret and altered signatures", () => {
    const sig = signWhiplashBody(body, secret);
    expect(verifyWhiplashSignature(body, null, secret)).toBe(false);
    expect(verifyWhiplashSignature(body, "", secret)).toBe(false);
    expect(verifyWhiplashSignature(body, "zz" + sig.slice(2), secret)).toBe(false);
    expect(verifyWhiplashSignature(body, sig.slice(0, 62), secret)).toBe(false);
    expect(verifyWhiplashSignature(body, signWhiplashBody(body, "other"), secret)).toBe(false);
    const altered = Buffer.from(body);
    altered[10] ^= 1;
    expect(verifyWhiplashSignature(altered, sig, secret)).toBe(false);
  });

  it("never verifies with an empty secret", () => {
    expect(verifyWhiplashSignature(body, signWhiplashBody(body, ""), "")).toBe(false);
  });

  it("for an empty body accepts the client-id form Whiplash uses, and the plain form", () => {
    const empty = Buffer.alloc(0);
    expect(verifyWhiplashSignature(empty, signWhiplashBody("client-1", secret), secret, "client-1")).toBe(true);
    expect(verifyWhiplashSignature(empty, signWhiplashBody("", secret), secret, "client-1")).toBe(true);
    expect(verifyWhiplashSignature(empty, signWhiplashBody("client-2", secret), secret, "client-1")).toBe(false);
  });
});

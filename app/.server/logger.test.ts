import { describe, expect, it } from "vitest";
import { createLogger, redact } from "./logger";

describe("log redaction", () => {
  it("redacts secret-looking keys at any depth, in objects and arrays", () => {
    const out = redact({
      shop: "a.myshopify.com",
      request: { headers: { authorization: "Bearer s3cret", accept: "json" } },
      calls: [{ accessToken: "at-1", refreshToken: "rt-1", expiresAt: 5 }],
      nested: { deeper: { clientSecret: "cs", ok: 1 } },
    });
    expect(out).toEqual({
      shop: "a.myshopify.com",
      request: { headers: { authorization: "[redacted]", accept: "json" } },
      calls: [{ accessToken: "[redacted]", refreshToken: "[redacted]", expiresAt: 5 }],
      nested: { deeper: { clientSecret: "[redacted]", ok: 1 } },
    });
  });

  it("logs an error's cause without the secrets it carries, and survives cycles", () => {
    const cause = Object.assign(new Error("401 from Whiplash"), { response: { headers: { authorization: "Bearer leaked" } } });
    const error = new Error("refresh failed", { cause });
    const loop: Record<string, unknown> = { name: "loop" };
    loop.self = loop;
    const lines: string[] = [];
    createLogger({}, "info", (l) => lines.push(l)).error("failed", { error, loop });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain("leaked");
    const parsed = JSON.parse(lines[0]) as { error: { message: string; cause: { message: string } }; loop: { self: string } };
    expect(parsed.error.message).toBe("refresh failed");
    expect(parsed.error.cause.message).toBe("401 from Whiplash");
    expect(parsed.loop.self).toBe("[circular]");
  });
});

import { describe, expect, it } from "vitest";
import { jobErrorForMerchant } from "./job-error-text";

describe("jobErrorForMerchant", () => {
  it.each([
    [null, "No error was recorded."],
    ["  ", "No error was recorded."],
    ["WhiplashAuthError: refresh token revoked (401)", "Whiplash no longer accepts the app's authorization. Reconnect Whiplash in Settings."],
    ["WhiplashApiError: Whiplash answered 503", "Whiplash's API failed: Whiplash answered 503"],
    ["PermanentError: Shopify answered 402 Payment Required", "Shopify's Admin API failed: Shopify answered 402 Payment Required"],
    ["Error: Whiplash answered 503", "Whiplash answered 503"],
    ["lock expired: the worker stopped before finishing (crash or hang)", "lock expired: the worker stopped before finishing (crash or hang)"],
    [
      "PrismaClientKnownRequestError: \nInvalid `prisma.itemLink.upsert()` invocation in\n/srv/app/build/server/index.js:1234:56\n\nUnique constraint failed",
      "A database error stopped it. The details are in the app's logs.",
    ],
    [
      "Error: \nInvalid `prisma.item.update()` invocation:\n\nRecord to update not found.",
      "A database error stopped it. The details are in the app's logs.",
    ],
    ["TypeError: Cannot read properties of undefined (reading 'id') at run (/srv/app/build/server/index.js:10:5)", "Cannot read properties of undefined (reading 'id') at run ([file])"],
    ["Error: GET https://api.getwhiplash.com/api/v2/items?access_token=abc123 failed", "GET https://api.getwhiplash.com/api/v2/items failed"],
    ["Error: first line\n    at stack (/work/main/app/x.ts:1:2)", "first line"],
  ])("%j", (stored, shown) => {
    expect(jobErrorForMerchant(stored)).toBe(shown);
  });

  it("keeps long messages short", () => {
    const shown = jobErrorForMerchant(`Error: ${"x".repeat(500)}`);
    expect(shown.length).toBe(200);
    expect(shown.endsWith("…")).toBe(true);
  });
});

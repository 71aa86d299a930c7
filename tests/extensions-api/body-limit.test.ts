// The admin extensions' endpoints read at most EXTENSION_MAX_BODY_BYTES of JSON: a larger body is refused
// with 413 before it is parsed (a 250-product selection is about 12 KB).
import { describe, expect, it } from "vitest";
import { EXTENSION_MAX_BODY_BYTES, ItemSettingBody, readBody } from "../../app/.server/extensions-api/extension-route.server";
import { ExtensionApiError } from "../../app/.server/extensions-api/extension-api";

const post = (body: string, headers: Record<string, string> = {}) =>
  new Request("http://app.test/api/extension/item-setting", { method: "POST", body, headers: { "content-type": "application/json", ...headers } });

async function refusal(request: Request): Promise<ExtensionApiError> {
  try {
    await readBody(request, ItemSettingBody);
  } catch (error) {
    if (error instanceof ExtensionApiError) return error;
    throw error;
  }
  throw new Error("the body was accepted");
}

describe("extension request bodies", () => {
  const valid = { productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/2", syncSetting: "ALWAYS" };

  it("parses a body within the limit", async () => {
    await expect(readBody(post(JSON.stringify(valid)), ItemSettingBody)).resolves.toEqual(valid);
  });

  it("refuses a body over the limit with 413, streamed or declared", async () => {
    const big = JSON.stringify({ ...valid, padding: "x".repeat(EXTENSION_MAX_BODY_BYTES) });
    const streamed = await refusal(post(big));
    expect(streamed.status).toBe(413);
    expect(streamed.message).toMatch(/too large/i);
    const declared = await refusal(post("{}", { "content-length": String(EXTENSION_MAX_BODY_BYTES + 1) }));
    expect(declared.status).toBe(413);
  });

  it("still answers 400 for a body that is not JSON", async () => {
    expect((await refusal(post("not json"))).status).toBe(400);
  });
});

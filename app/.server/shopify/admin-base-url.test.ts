import { describe, expect, it } from "vitest";
import { adminUrl, redirectingFetch, rewriteShopUrl, SHOP_DOMAIN_HEADER } from "./admin-base-url";

describe("admin base URL seam", () => {
  it("keeps the path and query and names the shop", () => {
    expect(rewriteShopUrl("https://a-shop.myshopify.com/admin/api/2026-07/graphql.json?x=1", "http://127.0.0.1:4010")).toEqual({
      url: "http://127.0.0.1:4010/admin/api/2026-07/graphql.json?x=1",
      shop: "a-shop.myshopify.com",
    });
  });

  it("leaves non-shop URLs alone", () => {
    expect(rewriteShopUrl("https://example.com/x", "http://127.0.0.1:4010")).toEqual({ url: "https://example.com/x" });
  });

  it("uses the real shop URL when no base is configured", () => {
    expect(adminUrl("a.myshopify.com", "/admin/api/2026-07/graphql.json", undefined).url).toBe(
      "https://a.myshopify.com/admin/api/2026-07/graphql.json",
    );
  });

  it("forwards method, body and headers to the rewritten URL", async () => {
    const seen: { url: string; init?: RequestInit }[] = [];
    const inner = (async (url: string, init?: RequestInit) => {
      seen.push({ url, init });
      return new Response("ok");
    }) as unknown as typeof fetch;
    await redirectingFetch("http://sim:1", inner)("https://s.myshopify.com/admin/oauth/access_token", {
      method: "POST",
      body: "a=b",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(seen[0].url).toBe("http://sim:1/admin/oauth/access_token");
    const headers = new Headers(seen[0].init?.headers);
    expect(headers.get(SHOP_DOMAIN_HEADER)).toBe("s.myshopify.com");
    expect(new TextDecoder().decode(seen[0].init?.body as ArrayBuffer)).toBe("a=b");
  });
});

describe("allowSimulatorFraming", () => {
  it("adds the simulator origin to frame-ancestors only when configured", async () => {
    const { allowSimulatorFraming } = await import("./admin-base-url");
    const headers = new Headers({ "Content-Security-Policy": "frame-ancestors https://a.myshopify.com https://admin.shopify.com;" });
    allowSimulatorFraming(headers, undefined);
    expect(headers.get("Content-Security-Policy")).not.toContain("127.0.0.1");
    allowSimulatorFraming(headers, "http://127.0.0.1:4010/x");
    expect(headers.get("Content-Security-Policy")).toBe(
      "frame-ancestors https://a.myshopify.com https://admin.shopify.com http://127.0.0.1:4010;",
    );
  });
});

// The simulated admin page and what it hands the embedded app, checked with @shopify/shopify-api.
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopifySim } from "./index";
import { startTestSim, TEST_APP } from "./test-support";

const api = shopifyApi({
  apiKey: TEST_APP.apiKey,
  apiSecretKey: TEST_APP.apiSecret,
  apiVersion: ApiVersion.July26,
  hostName: "127.0.0.1",
  isEmbeddedApp: true,
  logger: { level: 0 },
});

let sim: ShopifySim;

beforeAll(async () => {
  sim = await startTestSim({ appUrl: "http://127.0.0.1:3999" });
});
afterAll(() => sim.close());

function iframeSrc(html: string): URL {
  const src = /<iframe[^>]+src="([^"]+)"/.exec(html)?.[1];
  if (!src) throw new Error("no iframe in admin page");
  return new URL(src.replace(/&amp;/g, "&"));
}

describe("admin host page", () => {
  it("embeds the app like admin.shopify.com: embedded, shop, host, a fresh id_token, locale and an hmac", async () => {
    const res = await fetch(sim.adminUrl());
    expect(res.status).toBe(200);
    const url = iframeSrc(await res.text());
    expect(url.origin + url.pathname).toBe("http://127.0.0.1:3999/app");
    const p = url.searchParams;
    expect(p.get("embedded")).toBe("1");
    expect(p.get("shop")).toBe(sim.defaultShop);
    expect(p.get("locale")).toBe("en");
    expect(Buffer.from(p.get("host")!, "base64").toString()).toBe("admin.shopify.com/store/whiplash-demo");
    expect(api.utils.sanitizeHost(p.get("host")!)).toBeTruthy();
    const payload = await api.session.decodeSessionToken(p.get("id_token")!);
    expect(payload).toMatchObject({ dest: `https://${sim.defaultShop}`, iss: `https://${sim.defaultShop}/admin`, aud: TEST_APP.apiKey });
    const { hmac, ...rest } = Object.fromEntries(p);
    const message = Object.keys(rest).sort().map((k) => `${k}=${rest[k]}`).join("&");
    expect(hmac).toBe(createHmac("sha256", TEST_APP.apiSecret).update(message).digest("hex"));
  });

  it("serves / and /admin?shop= for the default shop, passes app sub-paths on, and 404s other apps", async () => {
    expect(iframeSrc(await (await fetch(`${sim.url}/`)).text()).searchParams.get("shop")).toBe(sim.defaultShop);
    expect(iframeSrc(await (await fetch(`${sim.url}/admin?shop=${sim.defaultShop}`)).text()).searchParams.get("shop")).toBe(sim.defaultShop);
    expect(iframeSrc(await (await fetch(`${sim.adminUrl()}/settings`)).text()).pathname).toBe("/app/settings");
    expect((await fetch(`${sim.url}/store/whiplash-demo/apps/another-app`)).status).toBe(404);
    expect((await fetch(`${sim.url}/admin?shop=nope.myshopify.com`)).status).toBe(404);
  });

  it("serves the App Bridge stand-in with CORS, and CORS session tokens for it", async () => {
    const js = await fetch(`${sim.url}/app-bridge.js`);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    expect(js.headers.get("access-control-allow-origin")).toBe("*");
    const source = await js.text();
    for (const part of ["window.shopify", "idToken", "toast", "shopify-reload", "X-Shopify-Retry-Invalid-Session-Request", "__toasts"]) {
      expect(source).toContain(part);
    }
    const tokenRes = await fetch(`${sim.url}/_sim/session-token?shop=${sim.defaultShop}`);
    expect(tokenRes.headers.get("access-control-allow-origin")).toBe("*");
    const { token } = (await tokenRes.json()) as { token: string };
    expect((await api.session.decodeSessionToken(token)).dest).toBe(`https://${sim.defaultShop}`);
  });
});

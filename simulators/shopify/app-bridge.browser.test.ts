// The App Bridge stand-in in a real browser: inside the simulated admin it authenticates same-origin
// fetches with a session token, shows and records toasts, and completes the session-token bounce.
// Needs Chromium (Debian package); without it the test is skipped locally and fails under CI=true.
import { existsSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ShopifySim } from "./index";
import { verifySessionToken } from "./session-token";
import { startTestSim, TEST_APP } from "./test-support";

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser", process.env.CHROMIUM_PATH].find((p) => p && existsSync(p));
if (!CHROMIUM && process.env.CI === "true") throw new Error("Chromium is required under CI=true (apt-get install chromium)");
if (!CHROMIUM) console.warn("Skipping App Bridge browser test: no Chromium found (install the Debian chromium package).");

let sim: ShopifySim;
let app: Server;
let appUrl: string;
let browser: Browser;
const seenAuth: (string | undefined)[] = [];

function page(simUrl: string): string {
  return `<!doctype html><html><head><script data-api-key="${TEST_APP.apiKey}" src="${simUrl}/app-bridge.js"></script></head>
<body><h1>Test app</h1></body></html>`;
}

describe.skipIf(!CHROMIUM)("App Bridge stand-in in Chromium", () => {
  beforeAll(async () => {
    app = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname === "/api/whoami") {
        seenAuth.push(req.headers.authorization);
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
        return;
      }
      res.writeHead(200, { "Content-Type": "text/html" }).end(page(sim.url));
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    sim = await startTestSim({ appUrl });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await new Promise((resolve) => app?.close(resolve));
  });

  it("authenticates the app's fetches, exposes config and records visible toasts", async () => {
    const tab = await browser.newPage({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130 Safari/537.36" });
    await tab.goto(sim.adminUrl());
    const frame = tab.frameLocator("#app-iframe");
    await frame.locator("h1").waitFor();
    const appFrame = tab.frames().find((f) => f.url().startsWith(appUrl))!;
    const result = await appFrame.evaluate(async () => {
      const shopify = (window as unknown as { shopify: { config: unknown; toast: { show(m: string): void } } }).shopify;
      const res = await fetch("/api/whoami");
      shopify.toast.show("Saved");
      return { config: shopify.config, body: await res.json() };
    });
    expect(result.config).toMatchObject({ apiKey: TEST_APP.apiKey, shop: sim.defaultShop });
    const token = String(result.body.authorization).replace(/^Bearer /, "");
    const verified = await verifySessionToken(token, TEST_APP.apiKey, TEST_APP.apiSecret);
    expect(verified).toMatchObject({ ok: true, shop: sim.defaultShop });
    await frame.locator(".shopify-sim-toast", { hasText: "Saved" }).waitFor();
    expect(await appFrame.evaluate(() => (window as unknown as { __toasts: { message: string }[] }).__toasts.map((t) => t.message))).toEqual(["Saved"]);
    await tab.close();
  });

  it("completes the session-token bounce page by reloading with a fresh id_token", async () => {
    const tab = await browser.newPage();
    const shop = sim.defaultShop!;
    const host = Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64");
    const reload = `${appUrl}/app/next?embedded=1&shop=${shop}&host=${host}`;
    await tab.goto(`${appUrl}/auth/session-token?embedded=1&shop=${shop}&host=${host}&shopify-reload=${encodeURIComponent(reload)}`);
    await tab.waitForURL(/\/app\/next\?.*id_token=/);
    const idToken = new URL(tab.url()).searchParams.get("id_token")!;
    expect(await verifySessionToken(idToken, TEST_APP.apiKey, TEST_APP.apiSecret)).toMatchObject({ ok: true, shop });
    await tab.close();
  });
});

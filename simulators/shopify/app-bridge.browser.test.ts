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

// A ui-modal as app-bridge-react's <Modal> renders it: the title bar and an (empty) light-DOM div; the body
// goes into the element's `content`.
function modalPage(simUrl: string): string {
  return `<!doctype html><html><head><script data-api-key="${TEST_APP.apiKey}" src="${simUrl}/app-bridge.js"></script>
<style>.app-style{color:rgb(1, 2, 3)} html,body{height:100%}</style></head>
<body><h1>Test app</h1>
<ui-modal id="m"><ui-title-bar title="Confirm the change">
<button variant="primary" onclick="window.__clicks.push('primary')">Apply</button>
<button onclick="window.__clicks.push('cancel'); shopify.modal.hide('m')">Cancel</button>
</ui-title-bar><div></div></ui-modal>
<script>window.__clicks = []; window.__events = [];
const m = document.getElementById('m');
m.addEventListener('show', () => __events.push('show')); m.addEventListener('hide', () => __events.push('hide'));
const body = document.createElement('p'); body.className = 'app-style'; body.textContent = 'Modal body'; body.style.height = '400px';
m.content.appendChild(body);</script></body></html>`;
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
      if (url.pathname === "/modal") {
        res.writeHead(200, { "Content-Type": "text/html" }).end(modalPage(sim.url));
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

  it("draws a ui-modal only when shown: title bar, buttons that click the app's own, body in its own document", async () => {
    const tab = await browser.newPage();
    await tab.goto(`${appUrl}/modal`);
    const dialog = tab.getByRole("dialog", { name: "Confirm the change" });
    const body = tab.frameLocator('ui-modal#m [data-shopify-sim="modal-content"]');
    await tab.locator("h1").waitFor();
    expect(await dialog.isVisible()).toBe(false);

    await tab.evaluate(() => (window as unknown as { shopify: { modal: { show(id: string): Promise<void> } } }).shopify.modal.show("m"));
    await dialog.waitFor();
    // The admin's order: secondary actions, then the primary one on the right.
    expect(await dialog.getByRole("button").allInnerTexts()).toEqual(["×", "Cancel", "Apply"]);
    await body.getByText("Modal body").waitFor();
    const facts = await tab.evaluate(() => {
      const m = document.getElementById("m") as HTMLElement & { content: HTMLElement };
      const frame = m.shadowRoot!.querySelector("iframe")!;
      return {
        ownDocument: m.content.ownerDocument !== document,
        mode: m.content.ownerDocument.compatMode,
        styled: getComputedStyle(m.content.firstElementChild!).color,
        frameHeight: frame.getBoundingClientRect().height,
      };
    });
    // A separate document, with the app's styles copied in, sized to its content.
    expect(facts).toMatchObject({ ownDocument: true, mode: "CSS1Compat", styled: "rgb(1, 2, 3)" });
    expect(facts.frameHeight).toBeGreaterThanOrEqual(400);
    // Content the app adds while the modal is open (React re-rendering) grows it.
    const frameHeight = () =>
      tab.evaluate(() => document.getElementById("m")!.shadowRoot!.querySelector("iframe")!.getBoundingClientRect().height);
    await tab.evaluate(() => {
      const more = document.createElement("div");
      more.style.height = "100px";
      (document.getElementById("m") as HTMLElement & { content: HTMLElement }).content.appendChild(more);
    });
    await expect.poll(frameHeight).toBeGreaterThanOrEqual(500);

    await dialog.getByRole("button", { name: "Apply" }).click();
    expect(await tab.evaluate(() => (window as unknown as { __clicks: string[] }).__clicks)).toEqual(["primary"]);
    // The app's button state is the admin's: disabled there, disabled here; the title follows too.
    await tab.evaluate(() => {
      document.querySelector<HTMLButtonElement>('ui-title-bar button[variant="primary"]')!.disabled = true;
      document.querySelector("ui-title-bar")!.setAttribute("title", "Still confirming");
    });
    await expect.poll(() => tab.getByRole("dialog", { name: "Still confirming" }).getByRole("button", { name: "Apply" }).isDisabled()).toBe(true);
    await tab.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    await tab.getByRole("dialog").waitFor({ state: "hidden" });

    // Element methods, toggle, Escape, and an unknown id.
    const result = await tab.evaluate(async () => {
      const m = document.getElementById("m") as HTMLElement & { show(): Promise<void>; toggle(): Promise<void> };
      await m.show();
      const open = m.shadowRoot!.querySelector("dialog")!.open;
      await m.toggle();
      const closed = !m.shadowRoot!.querySelector("dialog")!.open;
      await m.show();
      const shopify = (window as unknown as { shopify: { modal: { show(id: string): Promise<void> } } }).shopify;
      const unknown = await shopify.modal.show("nope").then(
        () => "resolved",
        (e: Error) => e.message,
      );
      return { open, closed, unknown };
    });
    expect(result).toEqual({ open: true, closed: true, unknown: "No ui-modal with id nope" });
    await tab.keyboard.press("Escape");
    await tab.getByRole("dialog").waitFor({ state: "hidden" });
    expect(await tab.evaluate(() => (window as unknown as { __events: string[] }).__events)).toEqual(["show", "hide", "show", "hide", "show", "hide"]);
    expect(await tab.evaluate(() => (window as unknown as { __clicks: string[] }).__clicks)).toEqual(["primary", "cancel"]);
    await tab.close();
  });
});

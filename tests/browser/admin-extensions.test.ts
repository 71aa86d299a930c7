// The admin UI extensions as Shopify CLI builds them (2026-07, Preact + Polaris web components), loaded
// into Chromium through a stand-in host page (tests/support/extension-host.ts) and talking to the real
// backend routes (session-token auth, token exchange against the Shopify simulator, the app's database).
//
// What cannot run offline, and so is stood in for: the Shopify admin itself. In production the bundle runs
// in the admin's extension sandbox, which provides the `shopify` global and implements the `<s-*>` Polaris
// web components with JavaScript served by Shopify; neither is available as a package. The stand-in host
// defines a `shopify` global (extend, data.selected, close) and minimal custom elements, and the test adds
// the ID token to the bundle's relative fetches as the admin does. Everything else is real: the bundle is
// `shopify app build`'s output, and the answers come from app/routes/api.extension.*.tsx.
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page, Route } from "playwright-core";
import { chromiumAvailable, launchBrowser, screenshotPath } from "../support/chromium";
import { startShopifySimulator, type ShopifySim } from "../../simulators/shopify";
import { callAction, callLoader, createAppHarness, type ActionModule, type AppHarness, type LoaderModule } from "../support/platform/app-harness";
import { extensionRequest, mintSessionToken } from "../support/platform/session-token";
import { seedWorld, type World } from "../support/platform/world";
import { hostHtml, installExtensionHost, type HostRecord } from "../support/extension-host";
import type { BulkResult, ProductSyncView } from "../../app/shared/extension-contract";
import { collapsedSummary, variantRow } from "../../extensions/inventory-sync-block/src/view-model";
import { summarize } from "../../extensions/inventory-sync-action/src/bulk";

const HOST = "https://extension-host.test";
const SHOP = "ext-browser.myshopify.com";
const BLOCK_TARGET = "admin.product-details.block.render";
const ACTION_TARGET = "admin.product-index.selection-action.render";
const bundle = (handle: string) => path.resolve("extensions", handle, "dist", `${handle}.js`);

/** Builds both extensions with Shopify CLI (scripts/build-extensions.mjs) so the test loads current code. */
function buildExtensions() {
  const started = Date.now();
  const run = spawnSync(process.execPath, ["scripts/build-extensions.mjs"], { encoding: "utf8", timeout: 240_000 });
  if (run.status !== 0) throw new Error(`npm run build:extensions failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  for (const handle of ["inventory-sync-block", "inventory-sync-action"]) {
    const file = bundle(handle);
    if (!existsSync(file) || statSync(file).mtimeMs < started) throw new Error(`${file} was not written by the build`);
  }
}

describe.skipIf(!chromiumAvailable)("admin UI extensions built by Shopify CLI, in a stand-in admin host (browser)", () => {
  let sim: ShopifySim;
  let h: AppHarness;
  let world: World;
  let browser: BrowserContext;
  let routes: { product: LoaderModule; itemSetting: ActionModule; bulk: ActionModule };
  const requests: string[] = [];
  /** The backend's last answer per path, to compare with what the page shows. */
  const answers = new Map<string, unknown>();

  beforeAll(async () => {
    buildExtensions();
    sim = await startShopifySimulator({
      port: 0,
      apiKey: "demo-api-key",
      apiSecret: "demo-api-secret",
      appUrl: "http://127.0.0.1:3000",
      seed: { shop: SHOP, products: 10 },
    });
    h = await createAppHarness({ adminBaseUrl: sim.url });
    routes = {
      product: await import("../../app/routes/api.extension.product"),
      itemSetting: await import("../../app/routes/api.extension.item-setting"),
      bulk: await import("../../app/routes/api.extension.bulk"),
    };
    world = await seedWorld(h.prisma, sim, SHOP, { products: 2, leaveUnmatched: true });
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await h?.db.drop();
  });

  /** The admin's part of a relative fetch: resolve it against app_url and add the ID token. */
  async function backend(route: Route) {
    const request = route.request();
    const url = new URL(request.url());
    requests.push(`${request.method()} ${url.pathname}`);
    const forward = extensionRequest(`${url.pathname}${url.search}`, await mintSessionToken(SHOP), {
      method: request.method(),
      body: request.postData() ?? undefined,
    });
    const mod = url.pathname === "/api/extension/product" ? routes.product : url.pathname === "/api/extension/item-setting" ? routes.itemSetting : routes.bulk;
    const response = request.method() === "GET" ? await callLoader(mod as LoaderModule, forward) : await callAction(mod as ActionModule, forward);
    const body = await response.text();
    answers.set(url.pathname, JSON.parse(body));
    await route.fulfill({ status: response.status, contentType: "application/json", body });
  }

  async function open(handle: string, target: string, selected: string[]): Promise<Page> {
    const page = await browser.newPage();
    await page.addInitScript(installExtensionHost, { target, selected: selected.map((id) => ({ id })) });
    await page.route(`${HOST}/api/extension/**`, backend);
    await page.route(`${HOST}/bundle.js`, (route) => route.fulfill({ path: bundle(handle), contentType: "text/javascript" }));
    await page.route(`${HOST}/`, (route) => route.fulfill({ body: hostHtml("/bundle.js"), contentType: "text/html" }));
    await page.goto(`${HOST}/`);
    return page;
  }
  const hostRecord = (page: Page) => page.evaluate(() => (window as unknown as { __extensionHost: HostRecord }).__extensionHost);

  it("product block: shows each variant's decision, reason and quantities from the backend, and saves a setting", { timeout: 60_000 }, async () => {
    const product = world.products[0];
    const page = await open("inventory-sync-block", BLOCK_TARGET, [product.productId]);
    const expected = (await (
      await callLoader(routes.product, extensionRequest(`/api/extension/product?productId=${encodeURIComponent(product.productId)}`, await mintSessionToken(SHOP)))
    ).json()) as ProductSyncView;
    const rows = expected.variants.map(variantRow);

    await expect.poll(() => page.locator("body").innerText(), { timeout: 20_000 }).toContain(rows.at(-1)!.quantities);
    const text = await page.locator("body").innerText();
    // Text inside the stand-ins' shadow roots (headings, labels) is found by role, not by innerText.
    await page.getByRole("heading", { name: "Whiplash inventory sync" }).waitFor();
    expect(await page.locator("[data-part=collapsed-summary]").textContent()).toBe(`When collapsed: ${collapsedSummary(expected)}`);
    for (const row of rows) {
      expect(text).toContain(row.title);
      expect(text).toContain(row.reason);
      expect(text).toContain(row.quantities);
    }
    // The matched variants can be edited; the unmatched one (no Whiplash item) cannot.
    const selects = page.getByRole("combobox", { name: "Sync Inventory" });
    expect(await selects.count()).toBe(rows.filter((r) => r.editable).length);
    for (const badge of new Set(rows.map((r) => r.badge.text))) {
      expect(await page.locator("s-badge", { hasText: badge }).count()).toBe(rows.filter((r) => r.badge.text === badge).length);
    }
    expect(await hostRecord(page)).toEqual({ extended: [BLOCK_TARGET], closed: false, errors: [] });
    await page.screenshot({ path: screenshotPath("extension-block"), fullPage: true });

    // Set the first variant to Never: the block posts it, the backend changes the item, the row follows.
    const first = product.variants[0];
    await selects.first().selectOption("NEVER");
    await expect.poll(() => page.locator("body").innerText(), { timeout: 10_000 }).toContain("Not synced: this item is set to Never.");
    expect((await h.prisma.item.findUniqueOrThrow({ where: { id: first.itemId! } })).syncSetting).toBe("NEVER");
    expect(requests).toContain("POST /api/extension/item-setting");
    expect((await hostRecord(page)).errors).toEqual([]);
    await page.screenshot({ path: screenshotPath("extension-block-never"), fullPage: true });
    await page.close();
  });

  it("product block: a backend error is shown to the merchant, not swallowed", { timeout: 60_000 }, async () => {
    const page = await open("inventory-sync-block", BLOCK_TARGET, ["gid://shopify/Product/99999999"]);
    await page.getByText("Product not found.").waitFor({ timeout: 20_000 });
    expect(await page.locator("s-banner", { hasText: "Product not found." }).evaluate((el) => (el as HTMLElement & { tone: string }).tone)).toBe("critical");
    expect(answers.get("/api/extension/product")).toEqual({ error: "Product not found." });
    expect((await hostRecord(page)).errors).toEqual([]);
    await page.close();
  });

  it("selection action: syncs the selected products through the backend, shows the summary, and closes", { timeout: 60_000 }, async () => {
    const ids = world.products.map((p) => p.productId);
    const page = await open("inventory-sync-action", ACTION_TARGET, ids);
    await page.getByText(`${ids.length} product(s) selected.`).waitFor({ timeout: 20_000 });
    await page.getByRole("button", { name: "Sync inventory with Whiplash" }).click();
    await expect.poll(() => answers.has("/api/extension/bulk"), { timeout: 10_000 }).toBe(true);
    const result = answers.get("/api/extension/bulk") as BulkResult;
    expect(result).toMatchObject({ action: "SYNC", products: ids.length });
    const expected = summarize(result);
    await page.getByText(expected.title).waitFor({ timeout: 10_000 });
    const text = await page.locator("body").innerText();
    for (const line of expected.lines) expect(text).toContain(line);
    expect(await h.prisma.pendingSync.count({ where: { shopId: SHOP, trigger: "BULK" } })).toBeGreaterThan(0);
    await page.screenshot({ path: screenshotPath("extension-action"), fullPage: true });
    await page.getByRole("button", { name: "Done" }).click();
    expect(await hostRecord(page)).toEqual({ extended: [ACTION_TARGET], closed: true, errors: [] });
    await page.close();
  });
});

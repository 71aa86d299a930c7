// The merchant UI in Chromium, through the simulated Shopify admin (the app in its iframe, real session
// tokens and token exchange), with the real app, worker and both simulators (startTestStack). One stack
// for the whole file; the tests run in order and build on each other like a merchant's session:
// connect Whiplash (OAuth popup), change the customer default, set an item to Never and receive a ship
// notice, bulk Set Sync Inventory on a filtered selection, bulk sync from a saved search to 100 %, the
// Activity log and its CSV, Needs attention on Home, App Bridge's save bar guarding unsaved Settings, and
// the question whether Whiplash's own Shopify sync is still on.
// Screenshots of every page go to test-results/ui-*.png.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Frame, FrameLocator, Page } from "playwright-core";
import { chromiumAvailable, launchBrowser, screenshotPath } from "../support/chromium";
import { startTestStack } from "../support/test-stack";
import type { Stack } from "../../scripts/stack";
import { createPrismaClient } from "../../app/.server/db/create-prisma-client";
import { PrismaJobQueue } from "../../app/.server/jobs/prisma-job-queue";
import { PLATFORM_JOBS, WHIPLASH_IMPORT_JOB } from "../../app/.server/jobs/registry";
import type { Job } from "../../app/.server/jobs/types";
import type { JobContext } from "../../app/.server/jobs/worker";
import { WEBHOOK_GRACE_MS, webhookHealthJobHandlers } from "../../app/.server/lifecycle/webhook-health";
import { createLogger } from "../../app/.server/logger";
import { prismaLeases } from "../../app/.server/db/leases";
import { getWebhookHealth } from "../../app/.server/db/webhook-health";
import { WhiplashClient } from "../../app/.server/whiplash/client";
import { parseEncryptionKey } from "../../app/.server/whiplash/token-crypto";
import { whiplashWebhookEndpoint } from "../../app/.server/whiplash/subscriptions";
import { prismaTokenStore } from "../../app/.server/wiring/whiplash-token-store";

describe.skipIf(!chromiumAvailable)("merchant UI in the simulated admin (browser)", () => {
  let stack: Stack;
  let browser: BrowserContext;
  let page: Page;
  let app: FrameLocator;
  let shop: string;

  const appFrame = (): Frame => {
    const frame = page.frames().find((f) => f.url().startsWith(stack.appUrl));
    if (!frame) throw new Error("app frame not found");
    return frame;
  };
  const toasts = async (): Promise<string[]> =>
    ((await appFrame().evaluate(() => (window as unknown as { __toasts?: { message: string }[] }).__toasts ?? [])) as { message: string }[]).map(
      (t) => t.message,
    );
  /** Follows a link of the app's menu and waits for the page (`held`: the admin holds the navigation, do not wait). */
  const nav = async (name: string, { held = false } = {}) => {
    const link = app.getByRole("link", { name, exact: true }).first();
    const target = await link.getAttribute("href");
    await link.click();
    if (held) return;
    // The click starts a client-side navigation; until it ends the previous page is still showing, and a
    // step that looks at it (is the Items search open?) decides on the wrong page (a CI run timed out so).
    await expect
      .poll(
        () =>
          appFrame().evaluate((to) => {
            const router = (window as unknown as { __remixRouter?: { state: { navigation: { state: string } } } }).__remixRouter;
            return `${location.pathname}${location.search}` === to && router?.state.navigation.state === "idle";
          }, target),
        { timeout: 30_000 },
      )
      .toBe(true);
  };
  /** Saves through App Bridge's contextual save bar, the pages' only Save (the stand-in draws it in the app's page). */
  const saveBar = async () => {
    const bar = app.locator('[data-shopify-sim="save-bar"]');
    await expect.poll(() => bar.isVisible(), { timeout: 10_000 }).toBe(true);
    await bar.locator('[data-action="save"]').click();
  };
  const shot = (name: string) => page.screenshot({ path: screenshotPath(`ui-${name}`), fullPage: true });
  const whiplashItemId = (sku: string) => [...stack.whiplash.state.items.values()].find((i) => i.sku === sku)!.id;
  /** What Shopify shows at the app's location (the simulator's first location, "Whiplash Warehouse"). */
  const shopifyAvailable = (sku: string) => {
    const location = [...stack.shopify.shop(shop).locations.values()][0].id;
    return stack.shopify.inventoryLevels(shop, { sku, locationId: location })[0]?.available;
  };
  /** inventorySetQuantities changes the app made to a SKU since a time (the simulator's inventory history). */
  const appWrites = (sku: string, since: number) => {
    const id = stack.shopify.inventoryLevels(shop, { sku })[0].inventoryItemId;
    return (stack.shopify.history(shop, id) as { source: string; at: number }[]).filter((r) => r.source === "inventorySetQuantities" && r.at >= since).length;
  };
  /** Opens an item's page from the Items list (search by SKU). */
  const openItem = async (sku: string) => {
    await nav("Items");
    await searchItems(sku);
    await app.getByRole("link", { name: sku, exact: true }).click();
    await app.getByRole("heading", { name: sku }).waitFor();
  };
  const searchItems = async (text: string) => {
    const field = app.getByPlaceholder("Search by SKU or title");
    const open = app.getByRole("button", { name: /Search and filter/ });
    // The list renders either the open search field or the button that opens it: wait for one, then decide.
    await field.or(open).first().waitFor();
    if (!(await field.isVisible())) await open.click();
    await field.fill(text);
    // The subtitle comes from the loader: once it names the search, the rows are the searched ones.
    await expect.poll(async () => (await app.locator("body").innerText()).includes(`search "${text}"`), { timeout: 10_000 }).toBe(true);
  };

  beforeAll(async () => {
    stack = await startTestStack();
    shop = stack.env.DEMO_SHOP;
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.goto(stack.adminUrl);
    app = page.frameLocator("iframe");
    await app.locator("#shop-name").waitFor({ timeout: 30_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("connects Whiplash by OAuth from Settings and imports the items", { timeout: 240_000 }, async () => {
    await shot("home-not-connected");
    // Nothing to ask about Whiplash's own sync before Whiplash is connected.
    expect(await app.locator("#own-sync-question").count()).toBe(0);
    await nav("Settings");
    await app.locator("#standard-setup").waitFor();
    // A slow Whiplash (every API call answered late) keeps the first import running long enough to watch.
    stack.whiplash.api.delayMs = 400;
    const popupPromise = browser.waitForEvent("page");
    await app.getByRole("button", { name: "Connect Whiplash" }).click();
    const popup = await popupPromise;
    await popup.getByRole("button", { name: "Authorize" }).click();
    await popup.waitForURL(/\/app\/whiplash\/callback/);
    await expect.poll(() => popup.isClosed() || popup.locator("#connect-result").innerText().catch(() => "")).not.toBe("");
    await expect.poll(() => app.locator("#whiplash-status").innerText(), { timeout: 15_000 }).toMatch(/Connected: Whiplash Demo Co/);
    // Issue 14: the first import shows its progress on Settings (items read, matched, unmatched) while it runs.
    await app.locator("#import-progress").waitFor({ timeout: 30_000 });
    await expect.poll(async () => Number(await app.locator("#import-progress").getAttribute("data-read")), { timeout: 30_000, interval: 300 }).toBeGreaterThan(0);
    expect(await app.locator("#import-progress").innerText()).toMatch(/items read from Whiplash, [\d,]+ matched to this store's variants by SKU, [\d,]+ unmatched/);
    await shot("settings-import-progress");
    stack.whiplash.api.delayMs = 0;
    // The import (worker) matches the Whiplash items to the store's variants by SKU.
    await expect
      .poll(
        async () => {
          await nav("Items");
          const text = await app.locator("body").innerText();
          return Number(/([\d,]+) matched items/.exec(text)?.[1].replace(/,/g, "") ?? 0);
        },
        // The import ran slowed down until its progress was seen; on a loaded machine it needs longer.
        { timeout: 150_000, interval: 1000 },
      )
      .toBeGreaterThan(150);
    await nav("Settings");
    await app.locator("#standard-setup").waitFor();
    await app.getByRole("button", { name: "Test connection" }).click();
    await expect.poll(toasts, { timeout: 15_000 }).toContain("Connected to Whiplash customer #1001 (Whiplash Demo Co)");
    await shot("settings");
  });

  // Issue 12 item 1: a second store signing in to a Whiplash account another store already uses is asked
  // to confirm, by name, before anything is linked.
  it("a second store connecting the same Whiplash account confirms it by name first", { timeout: 120_000 }, async () => {
    const second = "second-store.myshopify.com";
    stack.shopify.createShop(second, { products: 3 });
    const tab = await browser.newPage();
    try {
      await tab.goto(stack.shopify.adminUrl(second));
      const secondApp = tab.frameLocator("iframe");
      await secondApp.getByRole("link", { name: "Settings", exact: true }).first().click();
      await secondApp.locator("#standard-setup").waitFor({ timeout: 30_000 });
      const popupPromise = browser.waitForEvent("page");
      await secondApp.getByRole("button", { name: "Connect Whiplash" }).click();
      const popup = await popupPromise;
      await popup.getByRole("button", { name: "Authorize" }).click();
      await secondApp.locator("#confirm-connect-text").waitFor({ timeout: 15_000 });
      expect(await secondApp.locator("#confirm-connect-text").innerText()).toContain("Whiplash Demo Co is already connected to another store");
      expect(await secondApp.locator("#whiplash-status").innerText()).toContain("Not connected");
      await tab.screenshot({ path: screenshotPath("ui-settings-confirm-connect"), fullPage: true });
      await secondApp.getByRole("button", { name: "Connect to Whiplash Demo Co" }).click();
      await expect.poll(() => secondApp.locator("#whiplash-status").innerText(), { timeout: 15_000 }).toMatch(/Connected: Whiplash Demo Co/);
      // Disconnecting the second store leaves the first one connected (the tests below use it).
      await secondApp.getByRole("button", { name: "Disconnect this store" }).click();
      await expect.poll(() => secondApp.locator("#whiplash-status").innerText(), { timeout: 15_000 }).toContain("Not connected");
    } finally {
      await tab.close();
    }
    await page.reload();
    app = page.frameLocator("iframe");
    await nav("Settings");
    await expect.poll(() => app.locator("#whiplash-status").innerText(), { timeout: 15_000 }).toMatch(/Connected: Whiplash Demo Co/);
  });

  it("changing the customer default changes the effective decisions", { timeout: 90_000 }, async () => {
    await nav("Settings");
    await app.getByLabel("Default Sync Inventory").selectOption("NEVER");
    await saveBar();
    await expect.poll(toasts, { timeout: 15_000 }).toContain("Settings saved");

    await nav("Items");
    await app.getByText("Customer Default (Never)").first().waitFor({ timeout: 15_000 });
    const decisions = await app.locator('[data-cell="decision"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-reason")));
    const settings = await app.locator('[data-cell="setting"]').allInnerTexts();
    // Every item on Customer Default is now skipped as Never (items set otherwise keep their own setting).
    // (Untracked variants are skipped for that first: rule 3.2's order.)
    settings.forEach((s, i) => {
      if (s === "Customer Default") expect(["NEVER", "NOT_TRACKED"]).toContain(decisions[i]);
    });
    expect(decisions.filter((d) => d === "NEVER").length).toBeGreaterThan(10);
    await shot("items-default-never");

    // Back to the standard setup: the decisions follow again.
    await nav("Settings");
    await app.getByLabel("Default Sync Inventory").selectOption("PROCESS_ORDERS_ONLY");
    await saveBar();
    await expect.poll(async () => (await toasts()).filter((t) => t === "Settings saved").length, { timeout: 15_000 }).toBe(2);
    await nav("Items");
    await app.getByText("Customer Default (Only when item is set to Process Orders)").first().waitFor({ timeout: 15_000 });
    const after = await app.locator('[data-cell="decision"]').evaluateAll((els) => els.map((e) => e.getAttribute("data-reason")));
    expect(after).not.toContain("NEVER");
    expect(after).toContain("PROCESSING_ORDERS");
  });

  it("an item set to Never does not reach Shopify when its ship notice is received; history says why", { timeout: 120_000 }, async () => {
    // Two never-received items on one ship notice: one set to Never here, the other left on the default.
    const neverSku = "SKU-00010";
    const controlSku = "SKU-00011";
    await openItem(neverSku);
    await shot("item-rules");
    await app.getByLabel("Sync Inventory", { exact: true }).selectOption("NEVER");
    await saveBar();
    await expect.poll(toasts, { timeout: 15_000 }).toContain("Saved: Sync Inventory is Never");
    await expect.poll(() => app.locator("#effective-setting").innerText()).toBe("Never");
    // Issue 14: the summary says what would be published, that nothing is sent and why, and Shopify's own number.
    await page.reload();
    app = page.frameLocator("iframe");
    await openItem(neverSku);
    expect(await app.locator("#summary-publish").innerText()).toMatch(/^Would publish: [\d,]+\. Nothing is sent to Shopify\.$/);
    expect(await app.locator("#summary-not-sent").innerText()).toBe("Not synced: this item is set to Never.");
    expect(await app.locator("#summary-shopify").getAttribute("data-source")).toBe("live");
    expect(Number(await app.locator("#summary-shopify").getAttribute("data-quantity"))).toBe(shopifyAvailable(neverSku));
    expect(await app.locator("#summary-shopify").innerText()).toBe(`Shopify shows: ${shopifyAvailable(neverSku)!.toLocaleString("en-US")}`);
    await shot("item-never-summary");

    const neverBefore = shopifyAvailable(neverSku);
    const since = Date.now();
    const noticeId = stack.whiplash.createShipNotice({
      customerId: 1001,
      warehouseId: 1,
      lines: [
        { itemId: whiplashItemId(neverSku), quantity: 40 },
        { itemId: whiplashItemId(controlSku), quantity: 25 },
      ],
    });
    stack.whiplash.receiveShipNotice(noticeId);
    await stack.whiplash.flush();

    // The control item is received and written to Shopify (standard setup: Process Orders on at receipt)...
    await expect.poll(() => appWrites(controlSku, since), { timeout: 60_000, interval: 500 }).toBeGreaterThan(0);
    // ...the Never item is received too, but nothing is written: Shopify keeps its own number.
    expect(appWrites(neverSku, since)).toBe(0);
    expect(shopifyAvailable(neverSku)).toBe(neverBefore);

    await page.reload();
    app = page.frameLocator("iframe");
    await openItem(neverSku);
    await app.getByRole("tab", { name: "History" }).click();
    await expect
      .poll(async () => app.locator("#history-log").innerText().catch(() => ""), { timeout: 30_000, interval: 1000 })
      .toContain("Not synced: this item is set to Never.");
    await shot("item-history");
    expect(appWrites(neverSku, since)).toBe(0);
    expect(shopifyAvailable(neverSku)).toBe(neverBefore);

    await app.getByRole("tab", { name: "Inventory" }).click();
    await app.getByText("Whiplash stock by warehouse").waitFor();
    await shot("item-inventory");
    await app.getByRole("tab", { name: "Orders" }).click();
    await app.locator("#process-orders-state").waitFor();
    await shot("item-orders");

    // Sync now still obeys the rules: the result is shown as a toast and on the page.
    await app.getByRole("button", { name: "Sync now" }).click();
    await expect.poll(toasts, { timeout: 15_000 }).toContain("Not synced: this item is set to Never.");
    await expect.poll(() => app.locator("#sync-result").innerText()).toContain("Never");
  });

  it("bulk Set Sync Inventory on a filtered selection", { timeout: 90_000 }, async () => {
    await nav("Items");
    await searchItems("Hoodie");
    const skus = await app.locator("tbody a").allInnerTexts();
    expect(skus.length).toBeGreaterThan(2);
    await app.getByRole("checkbox", { name: /Select all/ }).first().check();
    // App Bridge's modal: the admin draws its title and buttons; the body is the app's, in the modal's own document.
    const dialog = app.getByRole("dialog", { name: `Set Sync Inventory for ${skus.length} items` });
    const body = app.locator("ui-modal#set-sync-inventory-modal").frameLocator('[data-shopify-sim="modal-content"]');
    // Cancel closes it and changes nothing.
    await app.getByRole("button", { name: "Set Sync Inventory…" }).click();
    await dialog.waitFor();
    await body.getByLabel("Sync Inventory").selectOption("ALWAYS");
    await body.getByText("Runs in the background with a progress bar").waitFor();
    await shot("items-set-sync-inventory-modal");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(await app.locator('[data-cell="setting"]').allInnerTexts()).not.toContain("Always");
    // Confirm: the run page, with progress to 100 %.
    await app.getByRole("button", { name: "Set Sync Inventory…" }).click();
    await dialog.waitFor();
    await body.getByLabel("Sync Inventory").selectOption("ALWAYS");
    await dialog.getByRole("button", { name: "Set Sync Inventory", exact: true }).click();
    await expect.poll(() => app.locator("#run-progress").getAttribute("data-percent"), { timeout: 30_000, interval: 500 }).toBe("100");
    expect(await app.locator("#run-status").innerText()).toContain("Done");
    expect(await app.locator("#run-succeeded").innerText()).toBe(`Updated: ${skus.length}`);
    await nav("Items");
    await searchItems("Hoodie");
    const settings = await app.locator('[data-cell="setting"]').allInnerTexts();
    expect(settings.length).toBe(skus.length);
    expect(new Set(settings)).toEqual(new Set(["Always"]));
    await shot("items-filtered-always");
    // Save filter is an App Bridge modal too: named in its body, saved from its title bar.
    await app.getByRole("button", { name: "Save the current search and filters" }).click();
    const saveDialog = app.getByRole("dialog", { name: "Save this filter" });
    await saveDialog.waitFor();
    await app.locator("ui-modal#save-filter-modal").frameLocator('[data-shopify-sim="modal-content"]').getByLabel("Name").fill("Hoodies");
    await saveDialog.getByRole("button", { name: "Save filter" }).click();
    await saveDialog.waitFor({ state: "hidden" });
    // (Its tab shows once the search field is closed; the saved name comes back in the result.)
    await expect.poll(toasts, { timeout: 15_000 }).toContain('Filter "Hoodies" saved');
    await app.getByRole("link", { name: "Unmatched & duplicate SKUs" }).first().click();
    await app.getByText("SKUs could not be matched").waitFor();
    await shot("items-issues");
  });

  it("bulk sync from a Shopify saved search reaches 100 % and offers the CSV", { timeout: 120_000 }, async () => {
    await nav("Bulk sync");
    const search = stack.shopify.shop(shop).savedSearches.find((s) => s.name === "Clearance")!;
    await app.getByRole("combobox", { name: "Items" }).selectOption(`search:gid://shopify/SavedSearch/${search.id}`);
    await app.getByRole("combobox", { name: "Action" }).selectOption("SYNC");
    await shot("bulk");
    await app.getByRole("button", { name: "Start" }).click();
    await app.locator("#run-progress").waitFor({ timeout: 15_000 });
    await expect.poll(() => app.locator("#run-progress").getAttribute("data-percent"), { timeout: 90_000, interval: 500 }).toBe("100");
    expect(await app.locator("#run-status").innerText()).toContain("Done");
    const total = Number((await app.locator("#run-progress-text").innerText()).split("/")[1].trim().split(" ")[0].replace(/,/g, ""));
    expect(total).toBeGreaterThan(0);
    await shot("bulk-run");
    const download = page.waitForEvent("download");
    await app.getByRole("button", { name: "Download CSV" }).click();
    const file = await download;
    const stream = await file.createReadStream();
    let csv = "";
    for await (const chunk of stream) csv += chunk.toString();
    expect(csv.split("\n")[0]).toBe("item_id,sku,outcome,reason,detail,quantity");
    expect(csv.trim().split("\n")).toHaveLength(total + 1);
    await nav("Home");
    await app.locator("#syncs-chart").waitFor({ timeout: 15_000 });
    await shot("home");

    // Settings says whether signed Whiplash webhooks arrive (the secret itself is never shown).
    await nav("Settings");
    await expect.poll(() => app.locator("#webhook-status").innerText(), { timeout: 10_000 }).toMatch(/Signed webhooks are arriving/);
    expect(await app.locator("body").innerText()).not.toContain(stack.env.WHIPLASH_CLIENT_SECRET);
  });

  it("runs a reconciliation on demand and shows its report", { timeout: 120_000 }, async () => {
    await nav("Reconciliation");
    await app.getByRole("button", { name: "Run reconciliation now" }).click();
    await expect.poll(toasts, { timeout: 15_000 }).toContain("Reconciliation started.");
    // The worker runs the bulk read; the page polls while it waits or runs, until the manual report shows.
    await expect
      .poll(async () => ((await app.locator("#reconcile-when").count()) ? await app.locator("#reconcile-when").innerText() : ""), { timeout: 90_000, interval: 1000 })
      .toMatch(/^Manual run/);
    expect(await app.locator("#reconcile-status").innerText()).toContain("Completed");
    expect(Number((await app.locator("#reconcile-checked").innerText()).replace(/,/g, ""))).toBeGreaterThan(0);
    await shot("reconcile");
  });

  it("Activity lists the store's syncs with filters and downloads them as CSV", { timeout: 90_000 }, async () => {
    await nav("Activity");
    await app.locator("#activity-log").waitFor({ timeout: 15_000 });
    await app.getByLabel("Reason").selectOption("NEVER");
    await app.getByRole("button", { name: "Apply" }).click();
    await expect.poll(async () => new Set(await app.locator("#activity-log [data-reason]").evaluateAll((els) => els.map((e) => e.getAttribute("data-reason")))), { timeout: 15_000 }).toEqual(new Set(["NEVER"]));
    const shown = await app.locator("#activity-log [data-reason]").count();
    expect(shown).toBeGreaterThan(0);
    expect(await app.locator("#activity-log").innerText()).toContain("SKU-00010");
    await shot("activity");
    const download = page.waitForEvent("download");
    await app.getByRole("button", { name: "Download CSV" }).click();
    const file = await download;
    let csv = "";
    for await (const chunk of await file.createReadStream()) csv += chunk.toString();
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("time,sku,item_id,location_id,trigger,decision,reason,reason_text,quantity_before,quantity_after,error,bulk_run_id");
    // Under 50 rows the page shows all of them: the CSV holds the same ones.
    if (shown < 50) expect(lines).toHaveLength(shown + 1);
    expect(lines.slice(1).every((l) => l.includes(",SKIPPED,NEVER,Not synced: this item is set to Never.,"))).toBe(true);
    expect(lines.some((l) => l.includes(",SKU-00010,"))).toBe(true);
    // Page loads went through App Bridge's loading indicator (on, then off), not a progress bar of our own.
    const loading = (await appFrame().evaluate(() => (window as unknown as { __loadingHistory: boolean[] }).__loadingHistory)) as boolean[];
    expect(loading).toContain(true);
    expect(loading.at(-1)).toBe(false);
  });

  it("Needs attention on Home shows a job that gave up (with Retry) and Whiplash webhooks the health check found silent", { timeout: 120_000 }, async () => {
    const prisma = createPrismaClient(stack.env.DATABASE_URL);
    try {
      // A real failure through the real worker: an import for a customer that does not exist gives up at once.
      const queue = new PrismaJobQueue(prisma);
      await queue.send(WHIPLASH_IMPORT_JOB, { customerId: "no-such-customer", shopId: shop }, { shopId: shop, retryLimit: 0 });
      // Webhooks stop arriving although Whiplash's subscriptions look fine (the app's URL unreachable from
      // Whiplash): the simulator holds its deliveries while an item changes at Whiplash.
      const customer = await prisma.customer.findFirstOrThrow({ where: { whiplashCustomerId: 1001 } });
      // The change comes a while after the last webhook the app got (it keeps that time to the minute):
      // the simulated Whiplash's clock is two minutes ahead for it.
      stack.whiplash.outbox.pause();
      const later = 2 * 60_000;
      const realNow = stack.whiplash.state.now;
      stack.whiplash.state.now = () => Date.now() + later;
      try {
        stack.whiplash.adjust(whiplashItemId("SKU-00012"), 1, 5);
      } finally {
        stack.whiplash.state.now = realNow;
      }
      // The worker's 15-minute check (its job handler, as the worker registers it), run once the change is
      // older than the grace period: the clock is moved past it rather than waited for.
      const whiplashClient = (c: { id: string; whiplashCustomerId: number }) =>
        new WhiplashClient({
          baseUrl: stack.env.WHIPLASH_API_BASE_URL,
          clientId: stack.env.WHIPLASH_CLIENT_ID,
          clientSecret: stack.env.WHIPLASH_CLIENT_SECRET,
          whiplashCustomerId: c.whiplashCustomerId,
          tokens: prismaTokenStore(prisma, c.id, parseEncryptionKey(stack.env.ENCRYPTION_KEY)),
          refreshLease: { leases: prismaLeases(prisma) },
        });
      const check = webhookHealthJobHandlers({
        prisma,
        queue,
        logger: createLogger({}, "silent"),
        now: () => new Date(Date.now() + later + WEBHOOK_GRACE_MS + 60_000),
        whiplashClient,
        webhookEndpoint: whiplashWebhookEndpoint(stack.env.SHOPIFY_APP_URL),
      })[PLATFORM_JOBS.webhookHealth];
      const checked = await check({} as Job<never>, {} as JobContext);
      expect(checked).toMatchObject({ recreated: 0, unhealthy: 1 });
      expect((await getWebhookHealth(prisma, customer.id))?.unseenActivityAt).not.toBeNull();
      await expect
        .poll(
          async () => {
            await nav("Home");
            await app.locator("#shop-name").waitFor();
            return app.locator("#needs-attention").innerText().catch(() => "");
          },
          { timeout: 60_000, interval: 1000 },
        )
        .toContain("Importing your Whiplash items and matching SKUs failed and gave up");
      const list = app.locator("#needs-attention");
      expect(await list.innerText()).toContain("No webhooks are arriving from Whiplash");
      expect(await list.locator('[data-kind="webhooks"]').getByRole("button", { name: "Repair webhooks" }).count()).toBe(1);
      await shot("home-needs-attention");
      await list.locator('[data-kind="failed-job"]').getByRole("button", { name: "Retry" }).click();
      await expect.poll(toasts, { timeout: 15_000 }).toContain("Retrying: Importing your Whiplash items and matching SKUs");
      // Its fixing action: Repair checks the subscriptions at Whiplash now and says what it found.
      await app.locator("#needs-attention").locator('[data-kind="webhooks"]').getByRole("button", { name: "Repair webhooks" }).click();
      await expect.poll(async () => (await toasts()).some((t) => / webhook subscriptions are active at Whiplash/.test(t)), { timeout: 15_000 }).toBe(true);
    } finally {
      // Whiplash delivers again; the held webhooks arrive (the warning itself clears with a webhook newer
      // than the change, tests/lifecycle/webhook-health.test.ts).
      stack.whiplash.outbox.resume();
      await stack.whiplash.flush();
      await prisma.$disconnect();
    }
  });

  it("App Bridge's save bar shows unsaved Settings and asks before leaving", { timeout: 60_000 }, async () => {
    await nav("Settings");
    await app.locator("#standard-setup").waitFor();
    const bar = app.locator('[data-shopify-sim="save-bar"]');
    const buffer = app.getByLabel("Default buffer (units)");
    const before = await buffer.inputValue();
    expect(await bar.isVisible()).toBe(false);
    // The save bar is the page's only Save.
    expect(await app.getByRole("button", { name: "Save settings" }).count()).toBe(0);
    await buffer.fill(String(Number(before) + 3));
    await expect.poll(() => bar.isVisible()).toBe(true);
    await shot("settings-save-bar");
    // Leaving is held: the admin asks first, and Stay keeps the page and the edit.
    await nav("Items", { held: true });
    const dialog = app.getByRole("dialog", { name: "Leave page with unsaved changes?" });
    await dialog.waitFor();
    await dialog.getByRole("button", { name: "Stay" }).click();
    expect(await app.locator("#standard-setup").isVisible()).toBe(true);
    expect(await buffer.inputValue()).toBe(String(Number(before) + 3));
    // Discard puts the saved values back; then nothing holds navigation.
    await bar.getByRole("button", { name: "Discard" }).click();
    await expect.poll(() => bar.isVisible()).toBe(false);
    expect(await buffer.inputValue()).toBe(before);
    // Enter in a field still saves (the form keeps a default button the merchant does not see).
    await buffer.fill(String(Number(before) + 1));
    await expect.poll(() => bar.isVisible()).toBe(true);
    const saves = (await toasts()).filter((t) => t === "Settings saved").length;
    await buffer.press("Enter");
    await expect.poll(async () => (await toasts()).filter((t) => t === "Settings saved").length, { timeout: 15_000 }).toBe(saves + 1);
    await expect.poll(() => bar.isVisible()).toBe(false);
    // The page reloads its data after a save (App Bridge's loading indicator on, then off): edit after that.
    await expect.poll(() => appFrame().evaluate(() => (window as unknown as { __loading: boolean }).__loading), { timeout: 15_000 }).toBe(false);
    await expect.poll(() => buffer.inputValue()).toBe(String(Number(before) + 1));
    await buffer.fill(before);
    await saveBar();
    await expect.poll(async () => (await toasts()).filter((t) => t === "Settings saved").length, { timeout: 15_000 }).toBe(saves + 2);
    await nav("Items");
    await app.getByPlaceholder("Search by SKU or title").or(app.getByRole("button", { name: /Search and filter/ })).first().waitFor({ timeout: 15_000 });
  });

  it("asks once whether Whiplash's own Shopify sync is still on; the answer is kept and shown on Home and Settings", { timeout: 60_000 }, async () => {
    // The stored answer (the page shows the answer at once, before the server has it).
    const ownSyncAnswer = async () => {
      const prisma = createPrismaClient(stack.env.DATABASE_URL);
      try {
        return (await prisma.customer.findFirstOrThrow({ where: { whiplashCustomerId: 1001 } })).whiplashOwnSyncAnswer;
      } finally {
        await prisma.$disconnect();
      }
    };
    const question = app.locator("#own-sync-question");
    const warning = app.locator("#two-syncs-warning");
    const openHome = async () => {
      await nav("Home");
      await app.locator("#shop-name").waitFor();
    };
    // Connected and not answered yet: the question, on Home and on Settings.
    await openHome();
    await question.waitFor();
    await nav("Settings");
    await app.locator("#standard-setup").waitFor();
    expect(await question.isVisible()).toBe(true);
    // "Still on": the question becomes the two-syncs warning, which stays across a reload and on Settings.
    await openHome();
    await app.getByRole("button", { name: "It is still on" }).click();
    await warning.waitFor();
    await expect.poll(ownSyncAnswer, { timeout: 15_000 }).toBe("ON");
    await shot("home-two-syncs-warning");
    await page.reload();
    app = page.frameLocator("iframe");
    await app.locator("#shop-name").waitFor();
    await warning.waitFor();
    expect(await question.count()).toBe(0);
    await nav("Settings");
    await app.locator("#standard-setup").waitFor();
    expect(await warning.isVisible()).toBe(true);
    // Switched off in Whiplash: the warning goes, and stays gone after a reload, on both pages.
    await app.getByRole("button", { name: "I have switched it off in Whiplash" }).click();
    await warning.waitFor({ state: "hidden" });
    await expect.poll(ownSyncAnswer, { timeout: 15_000 }).toBe("OFF");
    await page.reload();
    app = page.frameLocator("iframe");
    await app.locator("#shop-name").waitFor();
    await nav("Settings");
    await app.locator("#standard-setup").waitFor();
    expect(await warning.count()).toBe(0);
    expect(await question.count()).toBe(0);
    await openHome();
    expect(await warning.count()).toBe(0);
    expect(await question.count()).toBe(0);
  });
});

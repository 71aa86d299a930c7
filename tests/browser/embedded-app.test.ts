// Opens the simulated Shopify admin in Chromium and checks the embedded app rendered live shop data,
// authenticated through the real session-token + token-exchange path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext } from "playwright-core";
import { chromiumAvailable, launchBrowser, screenshotPath } from "../support/chromium";
import { startTestStack } from "../support/test-stack";
import type { Stack } from "../../scripts/stack";

describe.skipIf(!chromiumAvailable)("embedded app in the simulated admin (browser)", () => {
  let stack: Stack;
  let browser: BrowserContext;

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("renders the home page inside the admin iframe with data read through the Admin API", { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(stack.adminUrl);
    const frame = page.frameLocator("iframe");
    await expect.poll(() => frame.locator("#shop-name").textContent({ timeout: 20_000 })).toBe(
      stack.shopify.shop(stack.env.DEMO_SHOP).name,
    );
    const count = await frame.locator("#product-count").textContent();
    expect(Number(count)).toBe(stack.shopify.shop(stack.env.DEMO_SHOP).products.size);
    await page.screenshot({ path: screenshotPath("home"), fullPage: true });

    const exchanges = stack.shopify.state.tokenExchanges.filter((e) => e.shop === stack.env.DEMO_SHOP && e.ok);
    expect(exchanges.length).toBeGreaterThan(0);
    // Shown in the test output on purpose: the embedded page was authenticated by a real token exchange
    // against the simulator (no auth bypass).
    console.info(
      `token exchanges answered by the Shopify simulator for ${stack.env.DEMO_SHOP}: ${exchanges.length} ` +
        `(${[...new Set(exchanges.map((e) => e.requestedTokenType))].join(", ")})`,
    );
  });
});

// Debian chromium driven by playwright-core. Locally without chromium the browser tests skip with a
// clear message; under CI=true a missing browser is a failure.
import { existsSync, mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { BROWSER_UA } from "./test-stack";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const chromiumAvailable = existsSync(CHROMIUM_PATH);

if (!chromiumAvailable) {
  const message = `Browser tests need Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium).`;
  if (process.env.CI === "true") throw new Error(`${message} CI=true: refusing to skip.`);
  console.warn(`SKIPPING browser tests: ${message}`);
}

export async function launchBrowser(): Promise<BrowserContext> {
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), "chromium-"));
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    userAgent: BROWSER_UA,
    viewport: { width: 1280, height: 900 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export function screenshotPath(name: string): string {
  return path.resolve("test-results", `${name}.png`);
}

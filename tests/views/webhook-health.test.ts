// Home and Settings warn when Whiplash webhooks are missing or not arriving (issue 12, item 4), through
// the real route modules with session tokens, and their "Repair" action re-creates the subscriptions at
// the Whiplash simulator and says what it did.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP_A, SHOP_B, seedLinkedCatalog, startUiHarness, type LinkedCatalog, type RouteModule, type UiHarness } from "../support/ui/harness";
import { startWhiplashSimulator, type WhiplashSimulator } from "../../simulators/whiplash/server";
import { DEMO_CUSTOMER_ID } from "../../simulators/whiplash/seed";
import { LOCAL_DEFAULTS } from "../../simulators/shared/local-defaults";
import { saveWebhookHealth, type WebhookHealthRecord } from "../../app/.server/db/webhook-health";
import { parseEncryptionKey } from "../../app/.server/whiplash/token-crypto";
import { prismaTokenStore } from "../../app/.server/wiring/whiplash-token-store";

let h: UiHarness;
let a: LinkedCatalog;
let wl: WhiplashSimulator;
const routes: Record<string, RouteModule> = {};
const ENDPOINT = `${LOCAL_DEFAULTS.SHOPIFY_APP_URL}/webhooks/whiplash`;

beforeAll(async () => {
  h = await startUiHarness();
  a = await seedLinkedCatalog(h.prisma, h.sim, SHOP_A, { products: 3 });
  // Shop B: another customer, never signed in to Whiplash.
  await seedLinkedCatalog(h.prisma, h.sim, SHOP_B, { products: 2 });
  // Shop A's customer is the Whiplash simulator's demo customer, signed in.
  wl = await startWhiplashSimulator({ clientId: LOCAL_DEFAULTS.WHIPLASH_CLIENT_ID, clientSecret: LOCAL_DEFAULTS.WHIPLASH_CLIENT_SECRET, seed: { items: 5 } });
  process.env.WHIPLASH_API_BASE_URL = `${wl.url}/api/v2`;
  process.env.SHOPIFY_APP_URL = LOCAL_DEFAULTS.SHOPIFY_APP_URL;
  await h.prisma.customer.update({ where: { id: a.customerId }, data: { whiplashCustomerId: DEMO_CUSTOMER_ID } });
  const t = wl.issueTokens(DEMO_CUSTOMER_ID);
  await prismaTokenStore(h.prisma, a.customerId, parseEncryptionKey(LOCAL_DEFAULTS.ENCRYPTION_KEY)).save({
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    expiresAt: Date.now() + t.expires_in * 1000,
  });
  routes.home = await import("../../app/routes/app._index");
  routes.settings = await import("../../app/routes/app.settings");
}, 60_000);
afterAll(async () => {
  await wl?.close();
  await h?.close();
});

type Warning = { kind: string; title: string; text: string } | null;

async function warnings(shop: string): Promise<{ home: Warning; settings: Warning }> {
  const home = await h.call(routes.home, "loader", await h.request(shop, "/app"));
  const settings = await h.call(routes.settings, "loader", await h.request(shop, "/app/settings"));
  expect([home.status, settings.status]).toEqual([200, 200]);
  return {
    home: ((await home.json()) as { webhookWarning: Warning }).webhookWarning,
    settings: ((await settings.json()) as { webhookWarning: Warning }).webhookWarning,
  };
}

const healthy = (customerId: string): WebhookHealthRecord => ({
  customerId,
  checkedAt: new Date(),
  missing: [],
  recreated: [],
  repairedAt: null,
  unavailable: [],
  error: null,
  unseenActivityAt: null,
});

describe("the webhook warning on Home and Settings", () => {
  it("shows nothing before the first check and while healthy", async () => {
    expect(await warnings(SHOP_A)).toEqual({ home: null, settings: null });
    await saveWebhookHealth(h.prisma, healthy(a.customerId));
    expect(await warnings(SHOP_A)).toEqual({ home: null, settings: null });
  });

  it("warns on both pages when subscriptions are missing, only for the customer concerned", async () => {
    await saveWebhookHealth(h.prisma, { ...healthy(a.customerId), missing: ["item.inventory_received", "shipnotice.items_received"] });
    const { home, settings } = await warnings(SHOP_A);
    expect(home).toMatchObject({ kind: "missing", title: "Whiplash webhooks are missing" });
    expect(home!.text).toContain("item.inventory_received, shipnotice.items_received");
    expect(settings).toEqual(home);
    expect(await warnings(SHOP_B)).toEqual({ home: null, settings: null });
  });

  it("warns when Whiplash reports changes after the last webhook, and not once a later webhook arrived", async () => {
    const changed = new Date(Date.now() - 45 * 60_000);
    await saveWebhookHealth(h.prisma, { ...healthy(a.customerId), unseenActivityAt: changed });
    await h.prisma.customer.update({ where: { id: a.customerId }, data: { lastWebhookAt: new Date(changed.getTime() - 3 * 3600_000) } });
    expect((await warnings(SHOP_A)).home).toMatchObject({ kind: "silent", title: "No webhooks are arriving from Whiplash" });
    await h.prisma.customer.update({ where: { id: a.customerId }, data: { lastWebhookAt: new Date(changed.getTime() + 5 * 60_000) } });
    expect(await warnings(SHOP_A)).toEqual({ home: null, settings: null });
  });

  it("warns when the check itself failed", async () => {
    await saveWebhookHealth(h.prisma, { ...healthy(a.customerId), error: "Whiplash refused the stored login; reconnect Whiplash in Settings." });
    expect((await warnings(SHOP_A)).settings).toMatchObject({ kind: "check-failed", text: expect.stringContaining("reconnect") });
  });
});

describe("Repair", () => {
  it("re-creates the subscriptions at Whiplash from Home, reports it, and the warning is gone", async () => {
    await saveWebhookHealth(h.prisma, { ...healthy(a.customerId), missing: ["item.inventory_changed"] });
    expect(wl.api.subscriptions).toHaveLength(0);
    const res = await h.call(routes.home, "action", await h.request(SHOP_A, "/app", { form: { intent: "repair" } }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; message: string };
    expect(body.ok).toBe(true);
    expect(body.message).toMatch(/^Re-created \d+ of \d+ webhook subscriptions at Whiplash/);
    expect(wl.api.subscriptions.length).toBeGreaterThan(0);
    expect(wl.api.subscriptions.every((s) => s.endpoint === ENDPOINT && s.active)).toBe(true);
    expect(await warnings(SHOP_A)).toEqual({ home: null, settings: null });
  });

  it("from Settings, when all is well, says so", async () => {
    const res = await h.call(routes.settings, "action", await h.request(SHOP_A, "/app/settings", { form: { intent: "repair" } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, intent: "repair", message: expect.stringMatching(/^All \d+ webhook subscriptions are active at Whiplash\.$/) });
  });

  it("a store without a Whiplash login gets a clear error, and the failed check becomes the warning", async () => {
    const res = await h.call(routes.settings, "action", await h.request(SHOP_B, "/app/settings", { form: { intent: "repair" } }));
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ ok: false, message: expect.stringContaining("reconnect Whiplash") });
    expect((await warnings(SHOP_B)).home).toMatchObject({ kind: "check-failed" });
  });
});

// Every webhook topic through its real route and authenticate.webhook: valid, bad HMAC (401),
// duplicate delivery (applied once), unknown shop.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { callAction, createAppHarness, seedShop, type ActionModule, type AppHarness } from "../support/platform/app-harness";
import { webhookRequest } from "../support/platform/webhook-request";
import { PLATFORM_JOBS } from "../../app/.server/jobs/registry";
import { UNINSTALL_RETENTION_MS } from "../../app/.server/lifecycle/uninstall";
import { countJobs, listJobs } from "../support/test-queue";

type RouteModule = ActionModule;
let h: AppHarness;
let routes: Record<string, RouteModule>;
let n = 0;
let shop: string;

beforeAll(async () => {
  h = await createAppHarness();
  routes = {
    uninstalled: await import("../../app/routes/webhooks.app.uninstalled"),
    scopes: await import("../../app/routes/webhooks.app.scopes_update"),
    levels: await import("../../app/routes/webhooks.inventory_levels.update"),
    bulk: await import("../../app/routes/webhooks.bulk_operations.finish"),
    compliance: await import("../../app/routes/webhooks.compliance"),
  };
});
afterAll(() => h.db.drop());
beforeEach(() => {
  shop = `shop-${++n}.myshopify.com`;
});

const post = (route: RouteModule, path: string, topic: string, payload: unknown, extra: { webhookId?: string; hmac?: string; triggeredAt?: string; shop?: string } = {}) =>
  callAction(route, webhookRequest({ path, topic, payload, shop: extra.shop ?? shop, ...extra }));

const events = (topic?: string) => h.prisma.inboundEvent.findMany({ where: { shopId: shop, ...(topic ? { topic } : {}) } });
const jobs = async (name: string) => (await listJobs(h.db, { name })).filter((j) => JSON.stringify(j.data).includes(shop));

describe("app/uninstalled", () => {
  const send = (extra = {}) =>
    post(routes.uninstalled, "/webhooks/app/uninstalled", "app/uninstalled", { id: 1, domain: shop, email: "owner@example.com", shop_owner: "Jane Doe" }, extra);

  it("deletes sessions, marks the shop, cancels pending syncs and queued jobs, schedules the purge", async () => {
    await seedShop(h.prisma, shop);
    await h.prisma.pendingSync.create({ data: { shopId: shop, itemId: "i1", locationId: "l1", wanted: 3, trigger: "WEBHOOK" } });
    const writer = (await h.deps().queue.send("shop-writer", {}, { shopId: shop }))!;
    const before = Date.now();
    const res = await send();
    expect(res.status).toBe(200);
    expect(await h.prisma.session.count({ where: { shop } })).toBe(0);
    const row = await h.prisma.shop.findUniqueOrThrow({ where: { id: shop } });
    expect(row.uninstalledAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(await h.prisma.pendingSync.count({ where: { shopId: shop } })).toBe(0);
    expect((await h.deps().queue.getJob(writer))?.state).toBe("cancelled");
    const [purge] = await jobs(PLATFORM_JOBS.purgeUninstalled);
    expect(purge.startAfter.getTime()).toBe(row.uninstalledAt!.getTime() + UNINSTALL_RETENTION_MS);
    const [event] = await events("APP_UNINSTALLED");
    expect(event.outcome).toBe("APPLIED");
    // The Shop payload names the owner: only its id is kept.
    expect(JSON.parse(event.rawBody)).toEqual({ id: 1, domain: shop });
    // Settings are kept for a reinstall.
    expect(row.customerId).not.toBeNull();
  });

  it("answers 401 to a bad HMAC and changes nothing", async () => {
    await seedShop(h.prisma, shop);
    const res = await send({ hmac: "bm90IHRoZSByaWdodCBzaWduYXR1cmU=" });
    expect(res.status).toBe(401);
    expect(await h.prisma.session.count({ where: { shop } })).toBe(1);
    expect((await h.prisma.shop.findUniqueOrThrow({ where: { id: shop } })).uninstalledAt).toBeNull();
    expect(await events()).toHaveLength(0);
  });

  it("applies a duplicate delivery once", async () => {
    await seedShop(h.prisma, shop);
    expect((await send({ webhookId: `dup-${shop}` })).status).toBe(200);
    const first = (await h.prisma.shop.findUniqueOrThrow({ where: { id: shop } })).uninstalledAt;
    expect((await send({ webhookId: `dup-${shop}` })).status).toBe(200);
    expect((await h.prisma.shop.findUniqueOrThrow({ where: { id: shop } })).uninstalledAt).toEqual(first);
    expect(await jobs(PLATFORM_JOBS.purgeUninstalled)).toHaveLength(1);
    expect(await events()).toHaveLength(1);
  });

  it("accepts an unknown shop (sessions removed, nothing else to do)", async () => {
    const res = await send();
    expect(res.status).toBe(200);
    expect((await events())[0].outcome).toBe("UNUSED");
  });

  it("ignores a late retry of an uninstall older than the current installation", async () => {
    await seedShop(h.prisma, shop, { installedAt: new Date() });
    const res = await send({ triggeredAt: new Date(Date.now() - 3600_000).toISOString() });
    expect(res.status).toBe(200);
    expect(await h.prisma.session.count({ where: { shop } })).toBe(1);
    expect((await events())[0].outcome).toBe("STALE");
  });

  it("refuses GET (405) and a topic sent to the wrong URL (400)", async () => {
    const get = await callAction(routes.uninstalled, new Request("http://127.0.0.1:3000/webhooks/app/uninstalled"));
    expect(get.status).toBe(405);
    const wrong = await post(routes.uninstalled, "/webhooks/app/uninstalled", "inventory_levels/update", {});
    expect(wrong.status).toBe(400);
  });
});

describe("app/scopes_update", () => {
  const send = (extra = {}) =>
    post(routes.scopes, "/webhooks/app/scopes_update", "app/scopes_update", { id: 1, previous: ["read_products"], current: ["read_products", "write_inventory"], updated_at: new Date().toISOString() }, extra);

  it("stores the granted scopes on the shop's session", async () => {
    await seedShop(h.prisma, shop);
    expect((await send()).status).toBe(200);
    expect((await h.prisma.session.findFirstOrThrow({ where: { shop } })).scope).toBe("read_products,write_inventory");
  });
  it("401 on bad HMAC", async () => {
    await seedShop(h.prisma, shop);
    expect((await send({ hmac: "AAAA" })).status).toBe(401);
    expect((await h.prisma.session.findFirstOrThrow({ where: { shop } })).scope).toContain("read_locations");
  });
  it("duplicate applied once", async () => {
    await seedShop(h.prisma, shop);
    await send({ webhookId: `s-${shop}` });
    await h.prisma.session.updateMany({ where: { shop }, data: { scope: "changed-meanwhile" } });
    await send({ webhookId: `s-${shop}` });
    expect((await h.prisma.session.findFirstOrThrow({ where: { shop } })).scope).toBe("changed-meanwhile");
  });
  it("unknown shop: 200, recorded as unused", async () => {
    expect((await send()).status).toBe(200);
    expect((await events())[0].outcome).toBe("UNUSED");
  });
});

describe.each([
  { name: "inventory_levels/update", route: "levels", path: "/webhooks/inventory_levels/update", job: PLATFORM_JOBS.drift,
    payload: { inventory_item_id: 1, location_id: 1, available: 5, updated_at: new Date().toISOString() } },
  { name: "bulk_operations/finish", route: "bulk", path: "/webhooks/bulk_operations/finish", job: PLATFORM_JOBS.reconcileCollect,
    payload: { admin_graphql_api_id: "gid://shopify/BulkOperation/1", status: "completed", type: "query" } },
])("$name (stored, then handled by a job)", ({ name, route, path, job, payload }) => {
  const send = (extra = {}) => post(routes[route], path, name, payload, extra);

  it("stores the event and queues one job per shop", async () => {
    await seedShop(h.prisma, shop);
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(200);
    expect(await events()).toHaveLength(2);
    // Coalesced: one waiting job drains the shop's stored events.
    expect(await countJobs(h.db, { name: job, shopId: shop, states: ["created"] })).toBe(1);
  });
  it("401 on bad HMAC", async () => {
    expect((await send({ hmac: "AAAA" })).status).toBe(401);
    expect(await events()).toHaveLength(0);
  });
  it("duplicate stored once", async () => {
    await send({ webhookId: `d-${shop}` });
    await send({ webhookId: `d-${shop}` });
    expect(await events()).toHaveLength(1);
  });
  it("unknown shop: 200", async () => {
    expect((await send()).status).toBe(200);
  });
});

describe("compliance topics", () => {
  const customerPayload = { shop_id: 1, shop_domain: "", customer: { id: 7, email: "jane@example.com", phone: "555" }, orders_requested: [1] };

  it.each(["customers/data_request", "customers/redact"])("%s: 200, logged, no personal data stored", async (topic) => {
    await seedShop(h.prisma, shop);
    expect((await post(routes.compliance, "/webhooks/compliance", topic, customerPayload)).status).toBe(200);
    const [event] = await events();
    expect(event.outcome).toBe("APPLIED");
    expect(event.rawBody).not.toContain("jane@example.com");
    expect((await post(routes.compliance, "/webhooks/compliance", topic, customerPayload, { hmac: "AAAA" })).status).toBe(401);
    expect((await post(routes.compliance, "/webhooks/compliance", topic, customerPayload, { webhookId: "c1" + shop })).status).toBe(200);
    expect((await post(routes.compliance, "/webhooks/compliance", topic, customerPayload, { webhookId: "c1" + shop })).status).toBe(200);
    expect(await events()).toHaveLength(2);
    // Unknown shop.
    expect((await post(routes.compliance, "/webhooks/compliance", topic, customerPayload, { shop: "nobody.myshopify.com" })).status).toBe(200);
  });

  it("shop/redact erases all the shop's data in a job; duplicates and bad HMAC do nothing", async () => {
    const { customerId } = await seedShop(h.prisma, shop);
    await h.prisma.shop.update({ where: { id: shop }, data: { uninstalledAt: new Date(Date.now() - UNINSTALL_RETENTION_MS) } });
    const item = await h.prisma.item.create({ data: { customerId: customerId!, whiplashItemId: 1, sku: "A" } });
    await h.prisma.itemLink.create({ data: { shopId: shop, itemId: item.id, productId: "p", variantId: "v", inventoryItemId: "ii" } });
    await h.prisma.shopifyLevel.create({ data: { shopId: shop, inventoryItemId: "ii", locationId: "l", writtenQuantity: 3 } });
    await h.prisma.syncLog.create({ data: { shopId: shop, trigger: "WEBHOOK", decision: "sync", reason: "ALWAYS" } });
    await h.prisma.pendingSync.create({ data: { shopId: shop, itemId: item.id, locationId: "l", wanted: 1, trigger: "WEBHOOK" } });
    await h.prisma.lease.create({ data: { name: `writer:${shop}`, owner: "w", expiresAt: new Date() } });
    const payload = { shop_id: 1, shop_domain: shop };
    expect((await post(routes.compliance, "/webhooks/compliance", "shop/redact", payload, { hmac: "AAAA" })).status).toBe(401);
    expect((await post(routes.compliance, "/webhooks/compliance", "shop/redact", payload, { webhookId: `r-${shop}` })).status).toBe(200);
    expect((await post(routes.compliance, "/webhooks/compliance", "shop/redact", payload, { webhookId: `r-${shop}` })).status).toBe(200);
    // Answered before any erasure: the work is the job's.
    expect(await h.prisma.shop.count({ where: { id: shop } })).toBe(1);
    expect(await countJobs(h.db, { name: PLATFORM_JOBS.shopRedact, singletonKey: `redact:${shop}` })).toBe(1);

    await h.worker().drain();
    expect(await h.prisma.shop.count({ where: { id: shop } })).toBe(0);
    expect(await h.prisma.customer.count({ where: { id: customerId! } })).toBe(0);
    expect(await h.prisma.item.count({ where: { customerId: customerId! } })).toBe(0);
    expect(await h.prisma.itemLink.count({ where: { shopId: shop } })).toBe(0);
    expect(await h.prisma.shopifyLevel.count({ where: { shopId: shop } })).toBe(0);
    expect(await h.prisma.syncLog.count({ where: { shopId: shop } })).toBe(0);
    expect(await h.prisma.pendingSync.count({ where: { shopId: shop } })).toBe(0);
    expect(await h.prisma.session.count({ where: { shop } })).toBe(0);
    expect(await h.prisma.lease.count({ where: { name: `writer:${shop}` } })).toBe(0);
    // Only the record that the request was honoured remains.
    const left = await events();
    expect(left.map((e) => [e.topic, e.outcome])).toEqual([["SHOP_REDACT", "APPLIED"]]);
  });

  it("shop/redact for an unknown shop: 200 and the job completes", async () => {
    expect((await post(routes.compliance, "/webhooks/compliance", "shop/redact", { shop_id: 2, shop_domain: shop })).status).toBe(200);
    const result = await h.worker().drain();
    expect(result.failed).toBe(0);
  });
});

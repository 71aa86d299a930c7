// Whiplash webhook health (issue 12, item 4). Tried as a new user: after `npm run demo` restarted, the app
// still said "Connected" but Whiplash had no subscriptions, so ship notices never reached Shopify and no
// page said so. Here the Whiplash simulator sends webhooks only to subscriptions (as Whiplash does),
// loses them, and the health check must notice, re-create them, and let the next ship notice reach
// the Shopify simulator through intake, the worker and the shop writer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createWorld, SHOP_ON, silent, storedQuantity, type World } from "../intake/world";
import { STATUS } from "../../simulators/whiplash/state";
import { NOTIFICATION_EVENTS } from "../../simulators/whiplash/api";
import { exchangeToken } from "../../simulators/shopify/test-support";
import { backgroundAdminClient } from "../../app/.server/wiring/background-admin-client";
import { BudgetRegistry } from "../../app/.server/shopify/budget-registry";
import { PrismaWriterStore } from "../../app/.server/db/prisma-writer-store";
import { prismaLeases } from "../../app/.server/db/leases";
import { runShopWriter } from "../../app/.server/sync/writer/shop-writer";
import { getWebhookHealth } from "../../app/.server/db/webhook-health";
import { customersWithWebhooks } from "../../app/.server/db/webhook-health";
import { SUBSCRIBED_EVENTS } from "../../app/.server/whiplash/subscriptions";
import { webhookWarning } from "../../app/.server/views/webhook-health";
import { deleteAllJobs, listJobs } from "../support/test-queue";
import {
  checkCustomerWebhooks,
  runWebhookHealthCheck,
  WEBHOOK_GRACE_MS,
  type WebhookHealthDeps,
} from "../../app/.server/lifecycle/webhook-health";

const ENDPOINT = "http://app.test/webhooks/whiplash";
let world: World;
let deps: WebhookHealthDeps;
let clock: () => Date = () => new Date();

beforeAll(async () => {
  // No fixed webhook URL: the simulator delivers only to subscriptions created through its API.
  world = await createWorld({ webhookUrl: undefined });
  deps = {
    prisma: world.db.prisma,
    queue: world.queue,
    logger: silent,
    now: () => clock(),
    whiplashClient: () => world.whiplashClient,
    webhookEndpoint: ENDPOINT,
  };
  // Only what this file causes is written: drop the import's first syncs.
  await world.db.prisma.pendingSync.deleteMany({});
  await deleteAllJobs(world.db);
}, 60_000);
afterAll(() => world?.close());

const ours = () => world.whiplash.api.subscriptions.filter((s) => s.endpoint === ENDPOINT && s.active);
const eventName = (id: number) => NOTIFICATION_EVENTS.find((e) => e.id === id)!.name;

async function runWriter(): Promise<void> {
  const token = await exchangeToken(world.shopify!, SHOP_ON);
  const budgets = new BudgetRegistry();
  const result = await runShopWriter({
    shop: SHOP_ON,
    client: backgroundAdminClient(SHOP_ON, { token: { get: async () => token, invalidate: () => undefined }, baseUrl: world.shopify!.url, budgets }),
    budget: budgets.forShop(SHOP_ON),
    store: new PrismaWriterStore(world.db.prisma),
    leases: prismaLeases(world.db.prisma),
    owner: "test-writer",
    logger: silent,
    settings: { lingerMs: 0 },
  });
  expect(result.status).toBe("completed");
}

describe("Whiplash webhook subscription health", () => {
  it("re-creates subscriptions Whiplash lost, after which a received ship notice reaches Shopify", async () => {
    const prisma = world.db.prisma;
    // Connected: the first check subscribes to every event Whiplash offers.
    const customer = (await customersWithWebhooks(prisma)).find((c) => c.id === world.customerId)!;
    const first = await checkCustomerWebhooks(deps, customer);
    const offered = SUBSCRIBED_EVENTS.filter((name) => NOTIFICATION_EVENTS.some((e) => e.name === name));
    expect(first).toMatchObject({ missing: [], error: null, unavailable: [] });
    expect(ours().map((s) => eventName(s.notification_event_id)).sort()).toEqual([...offered].sort());

    // Whiplash loses them (a restarted sandbox, someone deleting them): warehouse work no longer reaches us.
    world.whiplash.api.subscriptions = [];
    const deliveredBefore = world.whiplash.outbox.deliveries.length;
    const lostItem = [...world.whiplash.state.items.values()].find((i) => i.sku.startsWith("SKU-"))!;
    world.whiplash.adjust(lostItem.id, 1, 3);
    await world.whiplash.flush();
    expect(world.whiplash.outbox.deliveries.length).toBe(deliveredBefore);

    // The periodic check (worker start, every 15 min) notices and repairs.
    const run = await runWebhookHealthCheck(deps);
    expect(run).toMatchObject({ customers: 1, recreated: offered.length, unhealthy: 0 });
    const health = (await getWebhookHealth(prisma, world.customerId))!;
    expect(health).toMatchObject({ missing: [], error: null });
    expect([...health.recreated].sort()).toEqual([...offered].sort());
    expect(health.repairedAt).not.toBeNull();
    expect(ours()).toHaveLength(offered.length);
    // What was missed while they were gone is caught up by a re-import.
    const catchUp = await listJobs(world.db, { name: "whiplash-import" });
    expect(catchUp.map((j) => j.data)).toEqual([{ customerId: world.customerId }]);
    await deleteAllJobs(world.db, "whiplash-import");

    // A ship notice received now reaches the app, the worker and Shopify.
    const notice = [...world.whiplash.state.shipNotices.values()].find((n) => n.status === STATUS.ARRIVED)!;
    world.whiplash.receiveShipNotice(notice.id);
    await world.whiplash.flush();
    expect(world.whiplash.outbox.deliveries.length).toBeGreaterThan(deliveredBefore);
    expect(world.statuses.every((s) => s === 200)).toBe(true);
    expect((await world.worker.drain()).failed).toBe(0);
    await runWriter();

    const shop = await prisma.shop.findUniqueOrThrow({ where: { id: SHOP_ON } });
    const links = await prisma.itemLink.findMany({ where: { shopId: SHOP_ON }, include: { item: true } });
    const reached = notice.lines.map((line) => links.find((l) => l.item.whiplashItemId === line.item_id)).filter((l) => l !== undefined);
    expect(reached.length).toBeGreaterThan(0);
    const levels = world.shopify!.inventoryLevels(SHOP_ON, { locationId: shop.defaultLocationId!.split("/").pop() });
    for (const link of reached) {
      const sellable = Object.values(await storedQuantity(world, link.item.whiplashItemId)).reduce((a, b) => a + b, 0);
      const level = levels.find((l) => String(l.inventoryItemId).split("/").pop() === link.inventoryItemId.split("/").pop());
      expect(level?.available, `Shopify level of ${link.item.sku}`).toBe(sellable);
    }
  });

  it("re-creates a subscription Whiplash switched off (100 failed deliveries)", async () => {
    const victim = ours()[0];
    victim.active = false;
    const health = await checkCustomerWebhooks(deps, (await customersWithWebhooks(world.db.prisma))[0]);
    expect(health.recreated).toEqual([eventName(victim.notification_event_id)]);
    expect(health.missing).toEqual([]);
    expect(world.whiplash.api.subscriptions.some((s) => s.id === victim.id)).toBe(false);
    expect(ours().filter((s) => s.notification_event_id === victim.notification_event_id)).toHaveLength(1);
  });

  it("flags item changes at Whiplash that never arrived as webhooks, until one arrives", async () => {
    const prisma = world.db.prisma;
    const healthy = await checkCustomerWebhooks(deps, (await customersWithWebhooks(prisma))[0]);
    expect(healthy.unseenActivityAt).toBeNull();
    // The last webhook came a while ago.
    await prisma.customer.update({ where: { id: world.customerId }, data: { lastWebhookAt: new Date(Date.now() - 10 * 60_000) } });
    // Deliveries held back (an unreachable app, say): Whiplash changes an item, nothing arrives.
    world.whiplash.outbox.pause();
    const item = [...world.whiplash.state.items.values()].find((i) => i.sku.startsWith("SKU-"))!;
    world.whiplash.adjust(item.id, 1, 2);
    const changedAt = new Date(world.whiplash.state.items.get(item.id)!.updated_at);
    // Within the grace period it is not (yet) a problem.
    clock = () => new Date(changedAt.getTime() + 60_000);
    const early = await checkCustomerWebhooks(deps, (await customersWithWebhooks(prisma))[0]);
    expect(early.unseenActivityAt).toBeNull();
    clock = () => new Date(changedAt.getTime() + WEBHOOK_GRACE_MS + 60_000);
    const late = await checkCustomerWebhooks(deps, (await customersWithWebhooks(prisma))[0]);
    expect(late.unseenActivityAt?.toISOString()).toBe(changedAt.toISOString());
    const customer = await prisma.customer.findUniqueOrThrow({ where: { id: world.customerId } });
    expect(webhookWarning(late, customer.lastWebhookAt)?.kind).toBe("silent");

    // The held webhook arrives: the warning goes away without waiting for the next check.
    await world.whiplash.flush();
    expect((await world.worker.drain()).failed).toBe(0);
    const after = await prisma.customer.findUniqueOrThrow({ where: { id: world.customerId } });
    expect(after.lastWebhookAt!.getTime()).toBeGreaterThan(changedAt.getTime());
    expect(webhookWarning(late, after.lastWebhookAt)).toBeNull();
    clock = () => new Date();
  });
});

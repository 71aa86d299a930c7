// Issue 15 item 2: a Sync Inventory change made in this app is written to Whiplash (PUT /items/{id},
// PUT /customers/{id}) through the job queue, shown as pending until Whiplash has it; the newer change wins
// by time; a customer-level switch turns write-back off. Whiplash's simulator answers the PUTs and sends
// item.updated for them, which comes back through the app's webhook route as an echo.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import { createTestDb } from "../support/test-db";
import { createWorld, storedItem, SHOP_ON, silent, type World } from "./world";
import { Worker } from "../../app/.server/jobs/worker";
import { WHIPLASH_WRITE_RULES_JOB } from "../../app/.server/jobs/registry";
import { writeRulesJobHandlers } from "../../app/.server/catalog/write-rules-jobs";
import { saveItemRules } from "../../app/.server/commands/change-item-settings";
import { loadConnectedScope } from "../../app/.server/db/shop-scope";
import { loadItemDetail } from "../../app/.server/views/item-detail";
import { DEMO_CUSTOMER_ID } from "../../simulators/whiplash/seed";
import { itemJson, type SimItem } from "../../simulators/whiplash/state";

describe("Sync Inventory changes made here are written to Whiplash", () => {
  let world: World;
  let writeBack: Worker;
  let items: SimItem[];

  const stored = (whiplashItemId: number) => storedItem(world, whiplashItemId);
  const scope = async () => (await loadConnectedScope(world.db.prisma, SHOP_ON))!;
  const saveOnItemPage = async (item: SimItem, syncSetting: string) => {
    const r = await saveItemRules(world.db.prisma, world.queue, await scope(), (await stored(item.id)).id, { syncSetting, bufferOverride: "" });
    expect(r.ok).toBe(true);
  };
  const waiting = async () => (await world.queue.countsByState({ name: WHIPLASH_WRITE_RULES_JOB })).created;
  /** Webhooks delivered and applied. */
  const deliver = async () => {
    await world.whiplash.flush();
    expect(world.statuses.every((s) => s === 200)).toBe(true);
    expect((await world.worker.drain()).failed).toBe(0);
  };

  beforeAll(async () => {
    const db = await createTestDb();
    process.env.DATABASE_URL = db.url;
    const route = await import("../../app/routes/webhooks.whiplash");
    world = await createWorld({
      db,
      items: 20,
      deliver: (request) => route.action({ request, params: {}, context: {} } as ActionFunctionArgs) as Promise<Response>,
    });
    writeBack = new Worker({
      queue: world.queue,
      logger: silent,
      handlers: writeRulesJobHandlers({ prisma: world.db.prisma, queue: world.queue, logger: silent, whiplashClient: () => world.whiplashClient }),
    });
    const once = (sku: string) => [...world.whiplash.state.items.values()].filter((i) => i.sku === sku).length === 1;
    items = [...world.whiplash.state.items.values()].filter((i) => once(i.sku)).slice(0, 6);
  }, 60_000);
  afterAll(() => world?.close());

  it("a change on the item page is pending, then reaches the Whiplash simulator; Whiplash's echo changes nothing", async () => {
    const [item] = items;
    await saveOnItemPage(item, "NEVER");
    const row = await stored(item.id);
    expect(row).toMatchObject({ syncSetting: "NEVER", syncSettingSetBy: "PERSON" });
    expect(row.rulesWritePendingAt).not.toBeNull();
    expect((await loadItemDetail(world.db.prisma, await scope(), row.id))!.rulesWritePendingAt).not.toBeNull();
    expect(await waiting()).toBe(1);

    expect((await writeBack.drain()).failed).toBe(0);
    expect(item.notify_originator_inventory).toBe(0);
    expect(world.whiplash.api.puts.at(-1)).toEqual({ path: `/items/${item.id}`, body: { notify_originator_inventory: 0 } });
    expect((await stored(item.id)).rulesWritePendingAt).toBeNull();

    await deliver(); // the simulator's item.updated for the PUT
    const after = await stored(item.id);
    expect(after).toMatchObject({ syncSetting: "NEVER", syncSettingSetBy: "PERSON", whiplashSyncCode: 0 });
    expect((await loadItemDetail(world.db.prisma, await scope(), after.id))!).toMatchObject({ rulesWritePendingAt: null, whiplashSyncSetting: "Never" });
  });

  it("a conflict resolves by time: a Whiplash change made after the merchant's wins and is not overwritten", async () => {
    const item = items[1];
    await saveOnItemPage(item, "ALWAYS");
    // Someone changes it on Whiplash's Rules tab afterwards; its webhook arrives before the write-back runs.
    world.whiplash.setItemRules(item.id, { notify_originator_inventory: 0 });
    await deliver();
    expect(await stored(item.id)).toMatchObject({ syncSetting: "NEVER", syncSettingSetBy: "WHIPLASH" });
    const puts = world.whiplash.api.puts.length;
    expect((await writeBack.drain()).failed).toBe(0);
    expect(world.whiplash.api.puts.length).toBe(puts); // nothing written over Whiplash's newer change
    expect(item.notify_originator_inventory).toBe(0);
    expect((await stored(item.id)).rulesWritePendingAt).toBeNull();
    // The History tab shows both sides, newest first.
    const history = (await loadItemDetail(world.db.prisma, await scope(), (await stored(item.id)).id))!.ruleHistory.map((r) => r.text);
    expect(history.slice(0, 3)).toEqual([
      "Here: not written: Whiplash changed it later, and the newer change won.",
      "Whiplash: Never, changed in Whiplash; the app follows it.",
      "Here: Always, changed here; waiting to be written to Whiplash.",
    ]);
  });

  it("a conflict resolves by time: a Whiplash change made before the merchant's (delivered late) loses, and ours is written", async () => {
    const item = items[2];
    // After Whiplash's last report of the item (so not stale by itself) and before the merchant's change.
    const earlier = new Date(Date.parse(item.updated_at) + 1).toISOString();
    await saveOnItemPage(item, "ALWAYS");
    world.whiplash.emit([{ event_name: "item.updated", customer_id: DEMO_CUSTOMER_ID, item: { ...itemJson(item, world.whiplash.state), notify_originator_inventory: 0, updated_at: earlier } }]);
    await deliver();
    expect(await stored(item.id)).toMatchObject({ syncSetting: "ALWAYS", syncSettingSetBy: "PERSON" });
    expect((await writeBack.drain()).failed).toBe(0);
    expect(item.notify_originator_inventory).toBe(1);
    const history = (await loadItemDetail(world.db.prisma, await scope(), (await stored(item.id)).id))!.ruleHistory.map((r) => r.text);
    expect(history.slice(0, 3)).toEqual([
      "Here: Always, written to Whiplash.",
      "Whiplash: Never, changed in Whiplash before a newer change here, which holds.",
      "Here: Always, changed here; waiting to be written to Whiplash.",
    ]);
  });

  it("a refusal Whiplash keeps giving is not retried forever: it is shown on the item page", async () => {
    const item = items[3];
    await saveOnItemPage(item, "PROCESS_ORDERS_ONLY");
    world.whiplash.failNext(1, 422);
    expect((await writeBack.drain()).failed).toBe(0);
    const row = await stored(item.id);
    expect(row.rulesWritePendingAt).toBeNull();
    expect((await loadItemDetail(world.db.prisma, await scope(), row.id))!.rulesWriteError).toContain("HTTP 422");
  });

  it("Whiplash unavailable: the job is retried through the queue and the change stays pending until it lands", async () => {
    const item = items[5];
    await saveOnItemPage(item, "ALWAYS");
    world.whiplash.failNext(50, 503); // more than the client's own retries
    expect((await writeBack.drain()).failed).toBe(0);
    expect((await world.queue.countsByState({ name: WHIPLASH_WRITE_RULES_JOB })).retry).toBe(1);
    expect((await stored(item.id)).rulesWritePendingAt).not.toBeNull();
    expect(item.notify_originator_inventory ?? null).toBeNull();
    // Whiplash is back; the retry comes due.
    world.whiplash.api.faults.length = 0;
    await world.db.prisma.job.updateMany({ where: { name: WHIPLASH_WRITE_RULES_JOB, state: "retry" }, data: { startAfter: new Date(0) } });
    expect((await writeBack.drain()).failed).toBe(0);
    expect(item.notify_originator_inventory).toBe(1);
    expect((await stored(item.id)).rulesWritePendingAt).toBeNull();
  });

  it("the customer default changed in Settings is written to the customer in Whiplash", async () => {
    const { saveSettings } = await import("../../app/.server/commands/save-settings");
    const s = await scope();
    const location = s.prefs.defaultLocationId!;
    const r = await saveSettings(world.db.prisma, world.queue, s, {
      syncEnabled: "true",
      defaultLocationId: location,
      warehouses: {},
      defaultSyncSetting: "ALWAYS",
      processOrdersMode: "ON_RECEIPT_OFF_AT_SELLOUT",
      defaultBuffer: "0",
      driftPolicy: "CORRECT",
    }, [{ id: location, name: "App location" }] as never);
    expect(r.ok).toBe(true);
    expect((await world.db.prisma.customer.findUniqueOrThrow({ where: { id: world.customerId } })).defaultWritePendingAt).not.toBeNull();
    expect((await writeBack.drain()).failed).toBe(0);
    expect(world.whiplash.state.customers.get(DEMO_CUSTOMER_ID)!.notify_originator_inventory).toBe(1);
    expect((await world.db.prisma.customer.findUniqueOrThrow({ where: { id: world.customerId } })).defaultWritePendingAt).toBeNull();
  });

  it("a customer who turned write-back off keeps Whiplash's screen the only editor: nothing is written", async () => {
    await world.db.prisma.customer.update({ where: { id: world.customerId }, data: { rulesWriteBack: false } });
    const item = items[4];
    const puts = world.whiplash.api.puts.length;
    await saveOnItemPage(item, "NEVER");
    expect(await waiting()).toBe(0);
    expect((await stored(item.id)).rulesWritePendingAt).toBeNull(); // not shown as waiting for Whiplash
    expect((await writeBack.drain()).failed).toBe(0);
    expect(world.whiplash.api.puts.length).toBe(puts);
    expect(item.notify_originator_inventory ?? null).toBeNull();
  });
});

// Issue 15 (read side and simulator control): Whiplash's own Sync Inventory settings are taken at import and
// from every item event, with the codes of docs/decisions/0010. Signed webhooks from the Whiplash simulator
// go through the app's Remix route, the queue, the worker and the domain core; the shop writer decides at
// send time against the Shopify simulator; the item page's read side shows what Whiplash has.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ActionFunctionArgs } from "@remix-run/node";
import { createTestDb } from "../support/test-db";
import { createWorld, storedItem, lastSyncLog, SHOP_ON, silent, type World } from "./world";
import { Worker } from "../../app/.server/jobs/worker";
import { shopWriterJobHandlers } from "../../app/.server/sync/writer/writer-jobs";
import { loadConnectedScope } from "../../app/.server/db/shop-scope";
import { loadItemDetail } from "../../app/.server/views/item-detail";
import { DEMO_CUSTOMER_ID } from "../../simulators/whiplash/seed";
import type { SimItem } from "../../simulators/whiplash/state";

describe("Whiplash's Sync Inventory settings are read", () => {
  let world: World;
  let writer: Worker;
  /** In stock, Process Orders on, set to Never on its Rules tab in Whiplash before the app was installed. */
  let neverInWhiplash: SimItem;
  /** In stock, with a code the app does not know. */
  let unknownCode: SimItem;
  /** In stock, Process Orders on, Customer Default in Whiplash. */
  let plain: SimItem;

  const stored = (whiplashItemId: number) => storedItem(world, whiplashItemId);
  const lastLog = (whiplashItemId: number) => lastSyncLog(world, whiplashItemId);
  const detail = async (whiplashItemId: number) => {
    const scope = (await loadConnectedScope(world.db.prisma, SHOP_ON))!;
    return (await loadItemDetail(world.db.prisma, scope, (await stored(whiplashItemId)).id))!;
  };
  const settle = async () => {
    await world.whiplash.flush();
    expect(world.statuses.every((s) => s === 200)).toBe(true);
    expect((await world.worker.drain()).failed).toBe(0);
    expect((await writer.drain()).failed).toBe(0);
  };

  beforeAll(async () => {
    const db = await createTestDb();
    process.env.DATABASE_URL = db.url;
    const route = await import("../../app/routes/webhooks.whiplash");
    world = await createWorld({
      db,
      items: 20,
      deliver: (request) => route.action({ request, params: {}, context: {} } as ActionFunctionArgs) as Promise<Response>,
      beforeImport: (whiplash) => {
        const items = [...whiplash.state.items.values()];
        // In stock, Process Orders on, and a SKU Whiplash has once (so it is matched in Shopify).
        const once = (sku: string) => items.filter((i) => i.sku === sku).length === 1;
        const inStock = items.filter((i) => i.available && [...i.stock.values()].some((q) => q > 0) && once(i.sku));
        [neverInWhiplash, unknownCode, plain] = inStock;
        neverInWhiplash.notify_originator_inventory = 0;
        unknownCode.notify_originator_inventory = 9;
        // The customer's default in Whiplash: Always (the app's own default is Only when Process Orders).
        whiplash.setCustomerRules(DEMO_CUSTOMER_ID, 1);
      },
    });
    writer = new Worker({ queue: world.queue, logger: silent, handlers: shopWriterJobHandlers(world.db.prisma, silent, { adminClient: world.adminClient! }) });
    expect((await writer.drain()).failed).toBe(0); // the import's first syncs
  }, 60_000);
  afterAll(() => world?.close());

  it("import carries an item's Never from Whiplash: the item is Never and does not sync", async () => {
    expect(await stored(neverInWhiplash.id)).toMatchObject({ syncSetting: "NEVER", syncSettingSetBy: "WHIPLASH", whiplashSyncCode: 0 });
    expect(await lastLog(neverInWhiplash.id)).toMatchObject({ trigger: "IMPORT", decision: "SKIPPED", reason: "NEVER" });
    expect(await lastLog(plain.id)).toMatchObject({ trigger: "IMPORT", decision: "SYNCED" });
  });

  it("import carries the customer's default from Whiplash", async () => {
    expect(await world.db.prisma.customer.findUniqueOrThrow({ where: { id: world.customerId } })).toMatchObject({
      defaultSyncSetting: "ALWAYS",
      defaultSyncSettingSetBy: "WHIPLASH",
      whiplashDefaultCode: 1,
    });
  });

  it("an unknown code is flagged on the item page, not guessed: the item keeps its setting", async () => {
    expect(await stored(unknownCode.id)).toMatchObject({ syncSetting: "CUSTOMER_DEFAULT", whiplashSyncCode: 9 });
    const d = await detail(unknownCode.id);
    expect(d.unknownSyncCode).toContain("code 9");
    expect(d.whiplashSyncSetting).toBe("unknown code 9");
    expect((await detail(plain.id)).unknownSyncCode).toBeNull();
  });

  it("a change made in the simulator's control reaches the item page and the decision", async () => {
    const res = await fetch(`${world.whiplash.url}/sim/items/${plain.id}/rules`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ notify_originator_inventory: 0 }),
    });
    expect(res.status).toBe(200);
    await settle();
    expect(await stored(plain.id)).toMatchObject({ syncSetting: "NEVER", syncSettingSetBy: "WHIPLASH" });
    const d = await detail(plain.id);
    expect(d).toMatchObject({ syncSetting: "NEVER", whiplashSyncSetting: "Never", syncSettingSetByText: "a change in Whiplash" });
    expect(d.decision).toBe("skip");
    // The next change at the warehouse is not synced (Never), and the log says why.
    world.whiplash.adjust(plain.id, [...plain.stock.keys()][0], 3);
    await settle();
    expect(await lastLog(plain.id)).toMatchObject({ trigger: "WEBHOOK", decision: "SKIPPED", reason: "NEVER" });
  });

  it("an older item event does not undo a newer Whiplash setting", async () => {
    const before = await stored(plain.id);
    const body = { id: plain.id, customer_id: DEMO_CUSTOMER_ID, sku: plain.sku, notify_originator_inventory: 1, updated_at: new Date(Date.parse(plain.updated_at) - 60_000).toISOString() };
    world.whiplash.emit([{ event_name: "item.updated", customer_id: DEMO_CUSTOMER_ID, item: body }]);
    await settle();
    expect(await stored(plain.id)).toMatchObject({ syncSetting: "NEVER", whiplashSyncCode: before.whiplashSyncCode });
  });
});

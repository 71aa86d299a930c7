// Home's "Needs attention" and the first-import progress (issue 14, item 4), through the real route
// modules with session tokens: a job that gave up (read through the JobQueue, as pg-boss would be) with a
// Retry scoped to the shop, missing webhooks with Repair, items whose last write failed, drift; and the
// import's counts while its job waits or runs, on Home and Settings.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SHOP_A, SHOP_B, seedLinkedCatalog, startUiHarness, type LinkedCatalog, type RouteModule, type UiHarness } from "../support/ui/harness";
import { saveWebhookHealth } from "../../app/.server/db/webhook-health";
import { setLinkError } from "../../app/.server/db/item-links";
import { PrismaJobQueue } from "../../app/.server/jobs/prisma-job-queue";
import { WHIPLASH_IMPORT_JOB } from "../../app/.server/jobs/registry";

let h: UiHarness;
let a: LinkedCatalog;
let queue: PrismaJobQueue;
const routes: Record<string, RouteModule> = {};

type Entry = { kind: string; key: string; title: string; text: string; action: { kind: string; jobId?: string; url?: string } };
type Progress = { phase: string; itemsRead: number; matched: number; unmatched: number } | null;

beforeAll(async () => {
  h = await startUiHarness();
  a = await seedLinkedCatalog(h.prisma, h.sim, SHOP_A, { products: 3 });
  await seedLinkedCatalog(h.prisma, h.sim, SHOP_B, { products: 2 });
  queue = new PrismaJobQueue(h.prisma);
  routes.home = await import("../../app/routes/app._index");
  routes.settings = await import("../../app/routes/app.settings");
}, 60_000);
afterAll(async () => h?.close());

async function home(shop: string): Promise<{ attention: Entry[]; importProgress: Progress }> {
  const res = await h.call(routes.home, "loader", await h.request(shop, "/app"));
  expect(res.status).toBe(200);
  return (await res.json()) as { attention: Entry[]; importProgress: Progress };
}

describe("Needs attention on Home", () => {
  it("is empty when nothing is wrong", async () => {
    expect((await home(SHOP_A)).attention).toEqual([]);
  });

  it("lists a job that gave up, and Retry runs it again for its own shop only", async () => {
    const id = (await queue.send(WHIPLASH_IMPORT_JOB, { customerId: a.customerId, shopId: SHOP_A }, { shopId: SHOP_A, retryLimit: 0 }))!;
    await queue.fetch([WHIPLASH_IMPORT_JOB], { workerId: "w", limit: 1, lockMs: 60_000 });
    await queue.fail(id, "w", new Error("Whiplash answered 503"));

    const [entry] = (await home(SHOP_A)).attention;
    expect(entry).toMatchObject({ kind: "failed-job", key: id, action: { kind: "retry-job", jobId: id } });
    expect(entry.title).toBe("Importing your Whiplash items and matching SKUs failed and gave up");
    expect(entry.text).toContain("Whiplash answered 503");
    expect((await home(SHOP_B)).attention).toEqual([]);

    // Another shop's Retry answers 404 and changes nothing.
    const other = await h.call(routes.home, "action", await h.request(SHOP_B, "/app", { form: { intent: "retryJob", jobId: id } }));
    expect(other.status).toBe(404);
    expect((await queue.getJob(id))?.state).toBe("failed");

    const res = await h.call(routes.home, "action", await h.request(SHOP_A, "/app", { form: { intent: "retryJob", jobId: id } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, message: "Retrying: Importing your Whiplash items and matching SKUs" });
    expect((await queue.getJob(id))?.state).toBe("created");
    const again = await h.call(routes.home, "action", await h.request(SHOP_A, "/app", { form: { intent: "retryJob", jobId: id } }));
    expect(again.status).toBe(409);
    expect((await home(SHOP_A)).attention.filter((e) => e.kind === "failed-job")).toEqual([]);
    // Waiting again, the import shows its progress instead.
    expect((await home(SHOP_A)).importProgress).toMatchObject({ phase: "waiting", itemsRead: a.items.length, matched: a.items.length, unmatched: 0 });
    await queue.cancelByShop(SHOP_A);
  });

  it("shows a database error as words, never the query or the server's file paths", async () => {
    const id = (await queue.send(WHIPLASH_IMPORT_JOB, { customerId: a.customerId, shopId: SHOP_A }, { shopId: SHOP_A, retryLimit: 0 }))!;
    await queue.fetch([WHIPLASH_IMPORT_JOB], { workerId: "w", limit: 1, lockMs: 60_000 });
    const prismaError = new Error("\nInvalid `prisma.itemLink.upsert()` invocation in\n/srv/app/build/server/index.js:1234:56\n\nUnique constraint failed on the fields: (`shopId`,`variantId`)");
    prismaError.name = "PrismaClientKnownRequestError";
    await queue.fail(id, "w", prismaError);
    try {
      const entry = (await home(SHOP_A)).attention.find((e) => e.key === id)!;
      expect(entry.text).toBe("A database error stopped it. The details are in the app's logs. It was tried 1 time; Retry runs it again now.");
      // The operator's full text stays on the job.
      expect((await queue.getJob(id))?.lastError).toContain("/srv/app/build/server/index.js");
    } finally {
      // Out of the failed list for the next case: waiting again, then cancelled.
      await queue.retryFailed(id, SHOP_A);
      await queue.cancelByShop(SHOP_A);
    }
  });

  it("lists missing webhooks with Repair, failed writes and drift with where to act", async () => {
    await saveWebhookHealth(h.prisma, {
      customerId: a.customerId,
      checkedAt: new Date(),
      missing: ["item.inventory_received"],
      recreated: [],
      repairedAt: null,
      unavailable: [],
      error: null,
      unseenActivityAt: null,
    });
    await setLinkError(h.prisma, SHOP_A, a.items[0].id, "Track quantity is off");
    await h.prisma.itemLink.updateMany({ where: { shopId: SHOP_A, itemId: a.items[1].id }, data: { driftDetectedAt: new Date() } });
    const { attention } = await home(SHOP_A);
    expect(attention.map((e) => [e.kind, e.action.kind])).toEqual([
      ["webhooks", "repair-webhooks"],
      ["write-failed", "link"],
      ["drift", "link"],
    ]);
    expect(attention[1].text).toContain(a.items[0].sku);
    expect(attention[1].action.url).toBe("/app/items?error=yes");
    expect(attention[2].text).toContain(a.items[1].sku);
    expect((await home(SHOP_B)).attention).toEqual([]);
  });
});

describe("first import progress", () => {
  it("shows on Home and Settings while the import job waits or runs, and goes when it finishes", async () => {
    const settings = async (): Promise<Progress> =>
      ((await (await h.call(routes.settings, "loader", await h.request(SHOP_A, "/app/settings"))).json()) as { importProgress: Progress }).importProgress;
    expect(await settings()).toBeNull();
    await h.prisma.matchIssue.create({ data: { shopId: SHOP_A, kind: "UNMATCHED_SKU", sku: "NOPE-1" } });
    const id = (await queue.send(WHIPLASH_IMPORT_JOB, { customerId: a.customerId, shopId: SHOP_A }, { shopId: SHOP_A }))!;
    await queue.fetch([WHIPLASH_IMPORT_JOB], { workerId: "w", limit: 1, lockMs: 60_000 });
    const expected = { phase: "running", itemsRead: a.items.length, matched: a.items.length, unmatched: 1 };
    expect(await settings()).toEqual(expected);
    expect((await home(SHOP_A)).importProgress).toEqual(expected);
    expect((await home(SHOP_B)).importProgress).toBeNull();
    await queue.complete(id, "w");
    expect(await settings()).toBeNull();
  });
});

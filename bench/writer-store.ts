// Store-only benchmark: `npm run bench -- writer-store [--items=N] [--store=sqlite,postgres]`.
//
// The writer store's own cost, without Shopify or the HTTP client: N items seeded and queued in one bulk
// enqueue, then drained as the writer uses the store: a page of `batchesPerPage` batches of 250 read with
// its decision context after a cursor (nextPendingPage), the domain's decision, recordOutcomes per batch
// with every row written. Reports CPU time of this process per item for each step (the figure to compare:
// on a shared machine wall time mostly measures the neighbours), and on PostgreSQL the server's CPU per
// item for the read and the record (its processes, from /proc), which the writer's process never sees.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createPrismaClient } from "../app/.server/db/create-prisma-client";
import { dialectOf } from "../app/.server/db/dialect";
import { PrismaWriterStore } from "../app/.server/db/prisma-writer-store";
import { cursorAfter, type PendingCursor, type SyncOutcome } from "../app/.server/db/writer-store";
import { evaluatePending } from "../app/.server/sync/writer/evaluate-pending";
import { DEFAULT_WRITER_SETTINGS } from "../app/.server/sync/writer/writer-settings";
import { seedWriterDb } from "../tests/support/seed-writer-db";
import { freshDatabase, parseStores, postgresServer, type StoreKind } from "./lib/bench-db";
import { postgresServerCpu } from "./lib/proc-cpu";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BATCH = 250;

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function measure(store: "sqlite" | "postgres", items: number): Promise<Record<string, unknown>> {
  const database = await freshDatabase(store, "writer-store", ROOT);
  const prisma = createPrismaClient(database.url, { synchronous: "NORMAL" });
  try {
    const shop = "store-bench.myshopify.com";
    const location = "gid://shopify/Location/1";
    const inventoryItemIds = Array.from({ length: items }, (_, i) => `gid://shopify/InventoryItem/${i + 1}`);
    const { itemIds } = await seedWriterDb(prisma, { shopId: shop, locationId: location, inventoryItemIds, quantity: (i) => 1 + (i % 1000) });
    const d = dialectOf(prisma);
    const at = new Date();
    for (let k = 0; k < items; k += 5000) {
      const rows = JSON.stringify(itemIds.slice(k, k + 5000));
      await prisma.$executeRaw`INSERT INTO "PendingSync" ("shopId", "itemId", "locationId", "wanted", "trigger", "force", "attempts", "enqueuedAt")
        SELECT ${d.text(shop)}, j.value, ${d.text(location)}, 5, 'WEBHOOK', false, 0, ${d.timestamp(at)} FROM ${d.jsonTextRows(rows)} j`;
    }
    const writerStore = new PrismaWriterStore(prisma);
    const runId = await writerStore.startRun(shop, "PENDING");
    // What the writer does per page: read it with its decision context, decide, record each batch.
    const page = BATCH * DEFAULT_WRITER_SETTINGS.batchesPerPage;
    const server = store === "postgres" ? await postgresServerCpu(database.url) : null;
    const spent = { readPage: 0, decide: 0, recordOutcomes: 0 };
    const wall = { readPage: 0, decide: 0, recordOutcomes: 0 };
    const serverSpent = { readPage: 0, recordOutcomes: 0 };
    const serverCpuMs = () => (server?.read() ?? 0) * 1000;
    let cursor: PendingCursor | null = null;
    let done = 0;
    const wallStart = performance.now();
    for (;;) {
      let s0 = serverCpuMs();
      let t = cpuMs();
      let w = performance.now();
      const { rows, context } = await writerStore.nextPendingPage(shop, cursor, page);
      spent.readPage += cpuMs() - t;
      wall.readPage += performance.now() - w;
      serverSpent.readPage += serverCpuMs() - s0;
      if (rows.length === 0) break;
      cursor = cursorAfter(rows[rows.length - 1]);
      t = cpuMs();
      const { writes, settled } = evaluatePending(rows, context);
      const outcomes: SyncOutcome[] = [
        ...settled,
        ...writes.map((w): SyncOutcome => ({ kind: "written", row: w.row, inventoryItemId: w.inventoryItemId, quantity: w.quantity, before: w.before, reason: w.reason })),
      ];
      spent.decide += cpuMs() - t;
      s0 = serverCpuMs();
      t = cpuMs();
      w = performance.now();
      for (let k = 0; k < outcomes.length; k += BATCH) await writerStore.recordOutcomes(shop, runId, outcomes.slice(k, k + BATCH), new Date());
      spent.recordOutcomes += cpuMs() - t;
      wall.recordOutcomes += performance.now() - w;
      serverSpent.recordOutcomes += serverCpuMs() - s0;
      done += rows.length;
    }
    const wallSeconds = (performance.now() - wallStart) / 1000;
    const left = await prisma.pendingSync.count();
    const cpuTotal = Object.values(spent).reduce((a, b) => a + b, 0);
    const perItem = (ms: number) => Math.round((ms * 1000 * 10) / done) / 10;
    return {
      scenario: `writer-store-${items}`,
      store,
      items: done,
      pendingLeft: left,
      cpuMicrosPerItem: perItem(cpuTotal),
      cpuItemsPerSecond: Math.round((done / cpuTotal) * 1000),
      wallSeconds: Math.round(wallSeconds * 1000) / 1000,
      ...Object.fromEntries(Object.entries(spent).map(([k, v]) => [`${k}MicrosPerItem`, perItem(v)])),
      // Wall time per batch of each step (the wait the writer's fill sees; includes the server's work).
      ...Object.fromEntries(Object.entries(wall).filter(([k]) => k !== "decide").map(([k, v]) => [`${k}WallMsPerBatch`, Math.round((v / Math.ceil(done / BATCH)) * 100) / 100])),
      // PostgreSQL: the server's CPU per item for each step (its processes, read from /proc around the step).
      ...(server ? Object.fromEntries(Object.entries(serverSpent).map(([k, v]) => [`server${k[0].toUpperCase()}${k.slice(1)}MicrosPerItem`, perItem(v)])) : {}),
    };
  } finally {
    await prisma.$disconnect();
    await database.drop();
  }
}

export async function run(args: string[]): Promise<void> {
  const flag = (name: string) => args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1];
  const items = Number(flag("items") ?? 50_000);
  const stores = parseStores(flag("store"), ["sqlite", "postgres"]) as Exclude<StoreKind, "memory">[];
  const postgres = stores.includes("postgres") ? postgresServer(ROOT) : null;
  if (postgres) process.env.BENCH_POSTGRES_URL = postgres.url;
  const lines: string[] = [];
  try {
    for (const store of stores) {
      const line = JSON.stringify(await measure(store, items));
      process.stdout.write(line + "\n");
      lines.push(line);
    }
  } finally {
    postgres?.stop();
  }
  mkdirSync(path.join(ROOT, "bench/results"), { recursive: true });
  writeFileSync(path.join(ROOT, "bench/results/writer-store.json"), lines.join("\n") + "\n");
}

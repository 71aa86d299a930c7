// Items page benchmark: `npm run bench -- item-list [--quick] [--items=N] [--runs=N] [--keep]`.
//
// Seeds a temporary SQLite database (migrated like production) with 100,000 matched items of one shop
// (items, warehouse stock, ship-notice lines, links, known Shopify levels), plus a second shop of 10,000 so
// scoping is real, then times the Items page's query service (listItems: count + page + the domain core's
// view of each row) for the first page, filters, searches and sorts. One JSON line per scenario, also
// written to bench/results/item-list.json. Target: under 300 ms server time per page at 100,000 items.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { createRandom } from "../simulators/shared/prng";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const SHOP = "bench-items.myshopify.com";
const OTHER_SHOP = "bench-other.myshopify.com";
const LOCATION = "gid://shopify/Location/1";
const TARGET_MS = 300;

const ADJ = ["Classic", "Heavyweight", "Vintage", "Organic", "Everyday", "Premium", "Washed", "Limited"];
const KIND = ["Hoodie", "T-Shirt", "Cap", "Tote Bag", "Sweatshirt", "Beanie", "Poster", "Vinyl Record", "Sticker Pack", "Mug"];
const COLOR = ["Black", "White", "Heather Grey", "Navy", "Forest Green", "Sand"];
const SIZE = ["S", "M", "L", "XL"];
const SETTINGS = ["CUSTOMER_DEFAULT", "CUSTOMER_DEFAULT", "CUSTOMER_DEFAULT", "CUSTOMER_DEFAULT", "CUSTOMER_DEFAULT", "CUSTOMER_DEFAULT", "CUSTOMER_DEFAULT", "NEVER", "ALWAYS", "PROCESS_ORDERS_ONLY"];

function arg(args: string[], name: string, fallback: number): number {
  const hit = args.find((a) => a.startsWith(`--${name}=`));
  return hit ? Number(hit.split("=")[1]) : fallback;
}

/** Bulk insert with better-sqlite3 in one transaction (Prisma would take minutes for 100k rows). */
function seed(file: string, items: number, otherItems: number): void {
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const rnd = createRandom(20261126);
  const now = new Date().toISOString().replace("Z", "+00:00");
  const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+00:00");
  const insertCustomer = db.prepare(`INSERT INTO "Customer" ("id","whiplashCustomerId","name","defaultSyncSetting","processOrdersMode","defaultBuffer","driftPolicy","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?)`);
  const insertShop = db.prepare(`INSERT INTO "Shop" ("id","name","customerId","syncEnabled","defaultLocationId","installedAt","createdAt","updatedAt") VALUES (?,?,?,1,?,?,?,?)`);
  const insertItem = db.prepare(
    `INSERT INTO "Item" ("id","customerId","whiplashItemId","sku","title","receivedTotal","firstReceivedAt","processOrders","processOrdersSetBy","syncSetting","bufferOverride","version","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?,0,?,?)`,
  );
  const insertStock = db.prepare(`INSERT INTO "ItemWarehouseStock" ("itemId","warehouseId","sellable") VALUES (?,?,?)`);
  const insertLink = db.prepare(
    `INSERT INTO "ItemLink" ("id","shopId","itemId","productId","variantId","inventoryItemId","productTitle","variantTitle","tracked","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const insertError = db.prepare(`INSERT INTO "ItemSyncError" ("shopId","itemId","error","at") VALUES (?,?,?,?)`);
  const insertLevel = db.prepare(
    `INSERT INTO "ShopifyLevel" ("shopId","inventoryItemId","locationId","knownQuantity","knownAt","writtenQuantity","writtenAt") VALUES (?,?,?,?,?,?,?)`,
  );
  const insertNotice = db.prepare(`INSERT INTO "ShipNotice" ("id","customerId","whiplashId","warehouseId","status","createdAt","updatedAt") VALUES (?,?,?,?,?,?,?)`);
  const insertLine = db.prepare(
    `INSERT INTO "ShipNoticeLine" ("id","shipNoticeId","whiplashLineId","itemId","expected","receivedGood","damaged","publish") VALUES (?,?,?,?,?,?,?,?)`,
  );

  const catalog = (customerId: string, shopId: string, count: number, prefix: string) => {
    insertCustomer.run(customerId, customerId === "cust-main" ? 1001 : 2002, customerId, "PROCESS_ORDERS_ONLY", "ON_RECEIPT_OFF_AT_SELLOUT", 0, "CORRECT", now, now);
    insertShop.run(shopId, shopId, customerId, LOCATION, now, now, now);
    for (let n = 1; n <= 20; n++) insertNotice.run(`${prefix}-sn-${n}`, customerId, n, 1 + (n % 2), n % 5 === 0 ? 300 : 100, now, now);
    for (let i = 1; i <= count; i++) {
      const id = `${prefix}-item-${String(i).padStart(7, "0")}`;
      const title = `${ADJ[Math.floor(rnd() * ADJ.length)]} ${COLOR[Math.floor(rnd() * COLOR.length)]} ${KIND[Math.floor(rnd() * KIND.length)]}`;
      const received = rnd() < 0.7;
      const sellable = received ? Math.floor(rnd() * 120) : 0;
      insertItem.run(
        id,
        customerId,
        i,
        `SKU-${String(i).padStart(6, "0")}`,
        title,
        received ? sellable + 10 : 0,
        received ? iso(Date.UTC(2026, 0, 1) + i * 1000) : null,
        received && rnd() < 0.85 ? 1 : 0,
        received ? "AUTOMATION" : "IMPORT",
        SETTINGS[Math.floor(rnd() * SETTINGS.length)],
        rnd() < 0.05 ? 2 : null,
        now,
        now,
      );
      insertStock.run(id, 1, sellable);
      if (rnd() < 0.2) insertStock.run(id, 2, Math.floor(rnd() * 20));
      if (rnd() < 0.05) insertLine.run(`${id}-l`, `${prefix}-sn-${1 + Math.floor(rnd() * 20)}`, i, id, 24, 0, 0, rnd() < 0.5 ? 1 : 0);
      const inventoryItemId = `gid://shopify/InventoryItem/${prefix}${i}`;
      // The last sync is the level's writtenAt, the last error an ItemSyncError row (issue 11).
      const syncedAt = rnd() < 0.8 ? iso(Date.now() - Math.floor(rnd() * 86_400_000)) : null;
      const error = rnd() < 0.01 ? "INVALID_INVENTORY_ITEM: gone" : null;
      insertLink.run(
        `${prefix}-link-${i}`,
        shopId,
        id,
        `gid://shopify/Product/${prefix}${Math.ceil(i / 4)}`,
        `gid://shopify/ProductVariant/${prefix}${i}`,
        inventoryItemId,
        title,
        SIZE[i % 4],
        i % 40 === 0 ? 0 : 1,
        now,
        now,
      );
      if (error) insertError.run(shopId, id, error, now);
      if (rnd() < 0.9) {
        const known = rnd() < 0.9 ? sellable : sellable + 1 + Math.floor(rnd() * 5);
        insertLevel.run(shopId, inventoryItemId, LOCATION, known, now, syncedAt ? known : null, syncedAt);
      }
    }
  };
  db.transaction(() => {
    catalog("cust-main", SHOP, items, "m");
    catalog("cust-other", OTHER_SHOP, otherItems, "o");
  })();
  db.pragma("wal_checkpoint(TRUNCATE)");
  db.exec("ANALYZE");
  db.close();
}

interface Scenario {
  name: string;
  query: string;
}

const SCENARIOS: Scenario[] = [
  { name: "first-page", query: "" },
  { name: "page-100", query: "page=100" },
  { name: "filter-setting-never", query: "setting=NEVER" },
  { name: "filter-decision-not-processing-orders", query: "reason=NOT_PROCESSING_ORDERS" },
  { name: "filter-decision-syncs", query: "reason=SYNC" },
  { name: "filter-po-on-received-no", query: "po=on&received=no" },
  { name: "filter-mismatch", query: "mismatch=yes" },
  { name: "filter-error", query: "error=yes" },
  { name: "search-title", query: "q=Hoodie" },
  { name: "search-sku", query: "q=SKU-0999" },
  { name: "sort-title", query: "sort=title&dir=asc" },
  { name: "sort-whiplash-desc", query: "sort=whiplash&dir=desc" },
  { name: "sort-shopify-asc", query: "sort=shopify&dir=asc" },
  { name: "sort-synced-desc", query: "sort=synced&dir=desc" },
  { name: "combined-decision-search-sort", query: "reason=SYNC&q=Black&sort=whiplash&dir=desc" },
];

export interface ItemListBenchResult {
  scenario: string;
  query: string;
  items: number;
  matching: number;
  rows: number;
  p50Ms: number;
  maxMs: number;
  runs: number;
  targetMs: number;
  underTarget: boolean;
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  const items = arg(args, "items", quick ? 20_000 : 100_000);
  const runs = arg(args, "runs", quick ? 3 : 7);
  const dir = path.join(ROOT, "tmp", "bench");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `item-list-${process.pid}.sqlite`);
  for (const s of ["", "-wal", "-shm", "-journal"]) rmSync(file + s, { force: true });
  const url = `file:${file}`;
  execFileSync(process.execPath, [path.join(ROOT, "scripts/prisma.mjs"), "migrate", "deploy"], { cwd: ROOT, env: { ...process.env, DATABASE_URL: url }, stdio: "pipe" });
  const seedStart = Date.now();
  seed(file, items, Math.round(items / 10));
  process.stderr.write(`seeded ${items} items (+${Math.round(items / 10)} in another shop) in ${((Date.now() - seedStart) / 1000).toFixed(1)} s\n`);

  // The app's own client and services, as the Items page loader calls them.
  const { createPrismaClient } = await import("../app/.server/db/create-prisma-client");
  const { loadConnectedScope } = await import("../app/.server/db/shop-scope");
  const { listItems, parseItemListQuery } = await import("../app/.server/views/item-list");
  const prisma = createPrismaClient(url);
  const results: ItemListBenchResult[] = [];
  try {
    const scope = (await loadConnectedScope(prisma, SHOP))!;
    // Warm the connection and SQLite's page cache the way a running server is warm.
    await listItems(prisma, scope, parseItemListQuery(new URLSearchParams("")));
    for (const s of SCENARIOS) {
      const times: number[] = [];
      let last: Awaited<ReturnType<typeof listItems>> | undefined;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        // Scope is loaded per request by the loader, so it is part of the measured time.
        const sc = (await loadConnectedScope(prisma, SHOP))!;
        last = await listItems(prisma, sc, parseItemListQuery(new URLSearchParams(s.query)));
        times.push(performance.now() - t0);
      }
      times.sort((x, y) => x - y);
      const p50 = times[Math.floor(times.length / 2)];
      const result: ItemListBenchResult = {
        scenario: s.name,
        query: s.query,
        items,
        matching: last!.total,
        rows: last!.rows.length,
        p50Ms: Math.round(p50 * 10) / 10,
        maxMs: Math.round(times[times.length - 1] * 10) / 10,
        runs,
        targetMs: TARGET_MS,
        underTarget: times[times.length - 1] < TARGET_MS,
      };
      results.push(result);
      process.stdout.write(JSON.stringify(result) + "\n");
    }
    void scope;
  } finally {
    await prisma.$disconnect();
    if (args.includes("--keep")) process.stderr.write(`kept ${file}\n`);
    else for (const s of ["", "-wal", "-shm", "-journal"]) rmSync(file + s, { force: true });
  }
  const out = path.join(ROOT, "bench", "results", quick ? "item-list-quick.json" : "item-list.json");
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, results.map((r) => JSON.stringify(r)).join("\n") + "\n");
}

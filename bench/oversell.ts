// Oversell benchmark (issue 13 item 1): `npm run bench -- oversell [--quick] [--seed=N]`.
//
// Customers order at a steady rate on 200 items in the Shopify simulator (real HTTP; an order is refused
// when Shopify's `available` is short, like a tracked variant that does not sell out of stock) while the
// warehouse receives and adjusts stock. Whiplash imports each order a fixed number of ticks later and only
// then lowers its sellable quantity. Between the sale and the import every warehouse event re-publishes
// the item through the real shop writer and domain core. At import, units the warehouse cannot cover are
// "sold beyond what the warehouse could ship": the figure printed.
//
// Same seeded input twice: protection off (the app knows nothing of orders, as before issue 13) and on
// (units in flight subtracted, rule 3.9, plus the compare-and-swap writes, which the writer always makes).
// Simplifications, stated: the app learns of an order before the writer's next run (order webhook lag
// below one tick); a downward warehouse adjustment never takes units customers already bought (no sync can
// prevent that oversell); one location. The store is the app's Prisma writer store on a fresh SQLite
// database per mode (tests/support/writer-world.ts): units in flight are InFlightOrder/InFlightLine rows
// written by app/.server/db/in-flight-orders.ts (an order's webhook applied; Whiplash's import confirms
// it), which the store loads at send time as production does. Storage speed is not what is measured here.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createRandom } from "../simulators/shared/prng";
import { applyOrderVersion, confirmOrders } from "../app/.server/db/in-flight-orders";
import { WriterWorld } from "../tests/support/writer-world";
import { freshDatabase } from "./lib/bench-db";

interface Scenario {
  name: string;
  items: number;
  ticks: number;
  ordersPerTick: number;
  warehouseEventsPerTick: number;
  importDelayTicks: number;
  startingStock: number;
}

interface PendingImport {
  orderId: string;
  item: number;
  units: number;
  importAt: number;
}

interface Result {
  bench: "oversell";
  scenario: string;
  protection: "off" | "on";
  seed: number;
  items: number;
  ticks: number;
  ordersPlaced: number;
  ordersRefused: number;
  unitsSold: number;
  /** Units sold beyond what the warehouse could ship (at Whiplash's import). Target with protection on: 0. */
  unitsOversold: number;
  ordersOversold: number;
  warehouseEvents: number;
  staleRereads: number;
  writes: number;
  seconds: number;
}

async function runScenario(s: Scenario, protection: boolean, seed: number): Promise<Result> {
  const random = createRandom(seed);
  const world = await WriterWorld.start({ items: s.items });
  const started = Date.now();
  const result: Result = {
    bench: "oversell",
    scenario: s.name,
    protection: protection ? "on" : "off",
    seed,
    items: s.items,
    ticks: s.ticks,
    ordersPlaced: 0,
    ordersRefused: 0,
    unitsSold: 0,
    unitsOversold: 0,
    ordersOversold: 0,
    warehouseEvents: 0,
    staleRereads: 0,
    writes: 0,
    seconds: 0,
  };
  try {
    // The warehouse's sellable quantity per item (Whiplash's number), and orders it has not imported yet.
    const sellable = Array.from({ length: s.items }, () => s.startingStock);
    const notImported = Array.from({ length: s.items }, () => 0);
    const imports: PendingImport[] = [];
    // Items the warehouse published since the last drain: their stock and pending syncs are stored just
    // before the writer runs (the last number of a tick wins, as successive pending upserts would).
    const published = new Set<number>();
    const publish = (i: number) => published.add(i);
    for (let i = 0; i < s.items; i++) publish(i);
    await drain(world, result, published, sellable);

    for (let tick = 0; tick < s.ticks; tick++) {
      // Customers buy 1-3 units of random items, refused when Shopify shows too few.
      for (let k = 0; k < s.ordersPerTick; k++) {
        const i = Math.floor(random() * s.items);
        const units = 1 + Math.floor(random() * 3);
        const order = await world.sim.placeOrder(world.shop, { lines: [{ inventoryItemId: world.inventoryItemIds[i], quantity: units }] });
        if (!order) {
          result.ordersRefused++;
          continue;
        }
        result.ordersPlaced++;
        result.unitsSold += units;
        notImported[i] += units;
        const orderId = String(order.id);
        imports.push({ orderId, item: i, units, importAt: tick + s.importDelayTicks });
        // Protection on: the order webhook has been applied (units in flight) before the writer runs again.
        if (protection) {
          await applyOrderVersion(
            world.db.prisma,
            world.shop,
            { orderId, updatedAt: null, closed: null, lines: [{ itemId: world.itemId(i), locationId: world.appLocation, units }] },
            new Date(),
          );
        }
      }
      // The warehouse receives and adjusts stock; each event publishes the item again.
      for (let k = 0; k < s.warehouseEventsPerTick; k++) {
        const i = Math.floor(random() * s.items);
        const receipt = random() < 0.6;
        if (receipt) sellable[i] += 1 + Math.floor(random() * 5);
        else {
          // A cycle count: up or down, never below the units customers already bought.
          const delta = Math.floor(random() * 7) - 3;
          sellable[i] = Math.max(notImported[i], sellable[i] + delta);
        }
        result.warehouseEvents++;
        publish(i);
      }
      // Whiplash imports the orders that are due: its sellable quantity drops (its item event and its order
      // event follow; the order leaves "in flight": confirmed by its originator id).
      const confirmed: string[] = [];
      for (let x = imports.length - 1; x >= 0; x--) {
        const imp = imports[x];
        if (imp.importAt > tick) continue;
        imports.splice(x, 1);
        const short = Math.max(0, imp.units - sellable[imp.item]);
        if (short > 0) {
          result.unitsOversold += short;
          result.ordersOversold++;
        }
        sellable[imp.item] = Math.max(0, sellable[imp.item] - imp.units);
        notImported[imp.item] -= imp.units;
        confirmed.push(imp.orderId);
        publish(imp.item);
      }
      if (protection && confirmed.length > 0) await confirmOrders(world.db.prisma, [world.shop], confirmed, new Date());
      await drain(world, result, published, sellable);
    }
  } finally {
    result.seconds = Math.round((Date.now() - started) / 100) / 10;
    await world.close();
  }
  return result;
}

async function drain(world: WriterWorld, result: Result, published: Set<number>, sellable: number[]): Promise<void> {
  await world.setWantedMany([...published].map((i) => ({ i, quantity: sellable[i] })));
  published.clear();
  const run = await world.writer();
  result.staleRereads += run.staleRereads;
  result.writes += run.written;
}

export async function run(args: string[]): Promise<void> {
  const quick = args.includes("--quick");
  const seedArg = args.find((a) => a.startsWith("--seed="));
  const seed = seedArg ? Number(seedArg.slice("--seed=".length)) : 13;
  const scenario: Scenario = {
    name: quick ? "steady-orders-quick" : "steady-orders",
    items: 200,
    ticks: quick ? 60 : 240,
    ordersPerTick: 6,
    warehouseEventsPerTick: 8,
    importDelayTicks: 10,
    startingStock: 6,
  };
  const results: Result[] = [];
  // WriterWorld copies a migrated SQLite template per world (as in the tests); outside vitest, make it here.
  const template = await freshDatabase("sqlite", "oversell-template", process.cwd());
  process.env.TEST_TEMPLATE_DB = template.url.slice("file:".length);
  try {
    for (const protection of [false, true]) {
      const r = await runScenario(scenario, protection, seed);
      results.push(r);
      process.stdout.write(JSON.stringify(r) + "\n");
    }
  } finally {
    await template.drop();
  }
  const dir = path.resolve("bench/results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "oversell.json"), results.map((r) => JSON.stringify(r)).join("\n") + "\n");
}

// The Shopify simulator in its own process for benchmarks (so it does not share a CPU core with the
// writer it measures). Driven over IPC by sim-process.ts; the Admin API itself is plain HTTP.
import { startShopifySimulator, type Plan } from "../../simulators/shopify";
import { API_KEY, API_SECRET, offlineToken } from "../../tests/support/writer-world";

type Command =
  | { id: number; cmd: "setup"; plan: Plan; latencyMs: number; items: number; shop: string }
  | { id: number; cmd: "levels" }
  | { id: number; cmd: "history" }
  | { id: number; cmd: "stats" }
  | { id: number; cmd: "close" };

let sim: Awaited<ReturnType<typeof startShopifySimulator>> | undefined;
let shop = "";
let location = 0;

async function handle(message: Command): Promise<unknown> {
  switch (message.cmd) {
    case "setup": {
      sim = await startShopifySimulator({ port: 0, apiKey: API_KEY, apiSecret: API_SECRET, appUrl: "http://127.0.0.1:9", plan: message.plan, latencyMs: message.latencyMs, seed: false });
      shop = message.shop;
      const state = sim.createShop(shop, { products: 0, locations: 1, plan: message.plan });
      location = [...state.locations.keys()][0];
      const inventoryItemIds = sim.addVariants(shop, message.items, { available: 0 });
      return { url: sim.url, token: await offlineToken(sim, shop), locationId: `gid://shopify/Location/${location}`, inventoryItemIds };
    }
    case "levels": {
      // [numeric inventory item id, available at the app location] pairs, flattened.
      const out: number[] = [];
      for (const variant of sim!.shop(shop).variantList) {
        const level = variant.levels.find((l) => l.locationId === location);
        out.push(variant.inventoryItemId, level ? level.available : -1);
      }
      return out;
    }
    case "history": {
      // [createdAt, inventory item id, availableAfter] triples, flattened.
      const out: number[] = [];
      for (const group of sim!.shop(shop).history) for (const c of group.changes) out.push(group.createdAt, c.inventoryItemId, c.availableAfter);
      return out;
    }
    case "stats": {
      const s = sim!.shop(shop);
      return { counters: s.counters, bucket: s.bucket.status() };
    }
    case "close":
      await sim?.close();
      setImmediate(() => process.exit(0));
      return null;
  }
}

process.on("message", (message: Command) => {
  handle(message).then(
    (result) => process.send!({ id: message.id, result }),
    (error: Error) => process.send!({ id: message.id, error: error.message }),
  );
});
// A benchmark that dies (Ctrl-C, a crash) must not leave its simulator running.
process.on("disconnect", () => process.exit(0));

// Storm harness, app side of the setup (bench/lib/storm.ts runs it as a child process with the app's
// environment, like the app and the workers): connects each shop to its Whiplash customer the way the
// product does after a merchant connects (customer row, encrypted Whiplash tokens, shop row, Shopify
// offline session), then runs the Whiplash import (items, ship notices, SKU matching, first syncs)
// through the app's wiring, so the queue it enqueues on is the one the workers read (whatever
// app/.server/wiring/app-queue.ts picks for DATABASE_URL).
//   tsx bench/lib/storm-setup.ts <spec.json>
import { readFileSync } from "node:fs";

export interface StormSetupShop {
  shop: string;
  whiplashCustomerId: number;
  customerName: string;
  /** gid of the app's location in the Shopify simulator. */
  locationId: string;
  shopifyAccessToken: string;
  scope: string;
  whiplash: { accessToken: string; refreshToken: string; expiresInSeconds: number };
}

export interface StormSetupSpec {
  shops: StormSetupShop[];
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2], "utf8")) as StormSetupSpec;
  const { env } = await import("../../app/.server/env");
  const { default: prisma } = await import("../../app/db.server");
  const { jobQueue } = await import("../../app/.server/wiring/app-queue");
  const { prismaTokenStore } = await import("../../app/.server/wiring/whiplash-token-store");
  const { parseEncryptionKey } = await import("../../app/.server/whiplash/token-crypto");
  const { envWhiplashClientFactory } = await import("../../app/.server/wiring/whiplash-client-factory");
  const { backgroundAdminClient } = await import("../../app/.server/wiring/background-admin-client");
  const { runWhiplashImport } = await import("../../app/.server/catalog/import-job");
  const { logger } = await import("../../app/.server/logger");
  const { whiplashWebhookEndpoint } = await import("../../app/.server/whiplash/subscriptions");

  const key = parseEncryptionKey(env().ENCRYPTION_KEY);
  const whiplashClient = envWhiplashClientFactory(prisma, { logger });
  const summary: Record<string, unknown> = {};
  for (const s of spec.shops) {
    const customer = await prisma.customer.create({ data: { whiplashCustomerId: s.whiplashCustomerId, name: s.customerName } });
    await prismaTokenStore(prisma, customer.id, key).save({
      accessToken: s.whiplash.accessToken,
      refreshToken: s.whiplash.refreshToken,
      expiresAt: Date.now() + s.whiplash.expiresInSeconds * 1000,
    });
    await prisma.shop.create({ data: { id: s.shop, customerId: customer.id, syncEnabled: true, defaultLocationId: s.locationId } });
    // What the Shopify session storage keeps after a token exchange (offline, non-expiring token).
    await prisma.session.create({
      data: { id: `offline_${s.shop}`, shop: s.shop, state: "", isOnline: false, scope: s.scope, accessToken: s.shopifyAccessToken },
    });
    const output = await runWhiplashImport(
      {
        prisma,
        queue: jobQueue,
        logger,
        whiplashClient,
        adminClient: (shop) => backgroundAdminClient(shop),
        // Subscribed at the app's URL, as on a real connect: the worker's webhook-health job (at start)
        // then finds them and leaves them alone. With none, it re-created them mid-storm and every event
        // went out twice (the simulator's fixed URL and the new subscription). The harness's round-robin
        // still spreads each delivery over the app processes.
        webhookEndpoint: whiplashWebhookEndpoint(env().SHOPIFY_APP_URL),
      },
      { customerId: customer.id },
    );
    summary[s.shop] = { items: output.import.items, shipNotices: output.import.shipNotices, pendingRows: output.shops[s.shop]?.pendingRows };
  }
  process.stdout.write(JSON.stringify(summary) + "\n");
  await prisma.$disconnect();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

// The "shop-writer" job handler: runs the writer engineer's runShopWriter (app/.server/sync/writer/shop-writer.ts)
// for the job's shop with the app's database, the throttled background Admin client and the shared
// per-shop budget. The writer holds a lease per shop itself; the queue's singleton key keeps a second
// run of the same shop from being handed out while one is active.
import type { PrismaClient } from "@prisma/client";
import { newLeaseOwner, prismaLeases } from "../../db/leases";
import type { Logger } from "../../logger";
import { backgroundAdminClient } from "../../wiring/background-admin-client";
import { sharedBudgets } from "../../shopify/budget-registry";
import { PrismaWriterStore } from "../../db/prisma-writer-store";
import { runShopWriter } from "./shop-writer";
import { RetriableJobError } from "../../jobs/errors";
import { SHOP_WRITER_JOB, type ShopWriterJobData } from "../../jobs/registry";
import type { JobHandler } from "../../jobs/worker";
import type { ThrottledAdminClient } from "../../shopify/admin-client";

export interface ShopWriterJobOptions {
  /** The shop's Admin client; the background client (offline token, SHOPIFY_ADMIN_BASE_URL) by default. */
  adminClient?: (shop: string) => ThrottledAdminClient;
}

export function shopWriterJobHandlers(prisma: PrismaClient, logger: Logger, options: ShopWriterJobOptions = {}): Record<string, JobHandler<never>> {
  const adminClient = options.adminClient ?? ((shop: string) => backgroundAdminClient(shop));
  const owner = newLeaseOwner("worker");
  const store = new PrismaWriterStore(prisma);
  const leases = prismaLeases(prisma);
  const handler: JobHandler<ShopWriterJobData> = async (job, ctx) => {
    const shop = job.data.shopId;
    const result = await runShopWriter({
      shop,
      client: adminClient(shop),
      budget: sharedBudgets.forShop(shop),
      store,
      leases,
      owner,
      logger: logger.child({ shop }),
      trigger: "PENDING",
      signal: ctx.signal,
    });
    // Another process holds the shop's lease: its run will pick up our rows; check again shortly in
    // case it was just finishing.
    if (result.status === "busy") throw new RetriableJobError("another writer holds this shop", 5_000);
    return result;
  };
  return { [SHOP_WRITER_JOB]: handler as JobHandler<never> };
}

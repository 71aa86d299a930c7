// The "shop-writer" job handler: runs the writer engineer's runShopWriter (app/.server/sync/writer/shop-writer.ts)
// for the job's shop with the app's database, the throttled background Admin client and the shared
// per-shop budget. The writer holds a lease per shop itself; the queue's singleton key keeps a second
// run of the same shop from being handed out while one is active.
import type { PrismaClient } from "@prisma/client";
import { leaseExpiresAt, newLeaseOwner, prismaLeases } from "../../db/leases";
import type { Logger } from "../../logger";
import { backgroundAdminClient } from "../../wiring/background-admin-client";
import { sharedBudgets } from "../../shopify/budget-registry";
import { PrismaWriterStore } from "../../db/prisma-writer-store";
import { runShopWriter, writerLeaseName } from "./shop-writer";
import { DeferJobError } from "../../jobs/errors";
import { SHOP_WRITER_JOB, type ShopWriterJobData } from "../../jobs/registry";
import type { JobHandler } from "../../jobs/worker";
import type { ThrottledAdminClient } from "../../shopify/admin-client";

export interface ShopWriterJobOptions {
  /** The shop's Admin client; the background client (offline token, SHOPIFY_ADMIN_BASE_URL) by default. */
  adminClient?: (shop: string) => ThrottledAdminClient;
}

/** Longest wait for a busy shop: a live holder may be just finishing, and rows it did not see must not wait. */
const BUSY_RECHECK_MS = 5_000;
/** Past the expiry, since the lease is taken over only once strictly expired. */
const EXPIRY_MARGIN_MS = 50;

/**
 * Another process holds the shop's lease. Its run picks up our rows; if it died (SIGKILL), its lease runs
 * out on its own. Either way this is not a failure: the job is deferred (no attempt counted) until the
 * lease expires, at most BUSY_RECHECK_MS, so a dead worker's 30 s lease no longer dead-letters it.
 */
async function busyWaitMs(prisma: PrismaClient, shop: string): Promise<number> {
  const expiresAt = await leaseExpiresAt(prisma, writerLeaseName(shop));
  if (!expiresAt) return EXPIRY_MARGIN_MS; // released meanwhile
  return Math.min(BUSY_RECHECK_MS, Math.max(0, expiresAt.getTime() - Date.now()) + EXPIRY_MARGIN_MS);
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
    if (result.status === "busy") throw new DeferJobError("another writer holds this shop", await busyWaitMs(prisma, shop));
    return result;
  };
  return { [SHOP_WRITER_JOB]: handler as JobHandler<never> };
}

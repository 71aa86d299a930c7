// After a settings change that can change what is published: a resync (ui.resync, bulk/resync-shop.ts) of
// every matched item of the shop, or of every store of the customer when the change was the customer's
// (default Sync Inventory, default buffer), which all of its stores share.
import type { PrismaClient } from "@prisma/client";
import { shopsForCustomer } from "../db/shops";
import type { JobQueue } from "../jobs/types";
import { RESYNC_JOB, type ResyncJobData } from "../jobs/registry";

export async function queueResync(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  shopId: string,
  customerWide: { customerId: string } | null,
): Promise<void> {
  const shops = customerWide ? (await shopsForCustomer(prisma, customerWide.customerId)).map((s) => s.id) : [shopId];
  for (const id of shops) await queue.send<ResyncJobData>(RESYNC_JOB, { shopId: id, trigger: "SETTINGS" }, { singletonKey: id, shopId: id });
}

// After queuing pending syncs, make sure the shop's writer runs (one waiting writer job per shop).
import { SHOP_WRITER_JOB, type ShopWriterJobData } from "../jobs/registry";
import type { JobQueue } from "../jobs/types";

export async function kickWriter(queue: Pick<JobQueue, "send">, shopId: string): Promise<void> {
  await queue.send<ShopWriterJobData>(SHOP_WRITER_JOB, { shopId }, { singletonKey: shopId, shopId });
}

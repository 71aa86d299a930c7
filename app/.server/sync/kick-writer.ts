// After queuing pending syncs, make sure the shop's writer runs. The writer job is a singleton per shop:
// a burst of requests or events queues one writer run, not one per request. The only place that queues it.
import { SHOP_WRITER_JOB, type ShopWriterJobData } from "../jobs/registry";
import type { JobQueue } from "../jobs/types";

export async function kickWriter(queue: Pick<JobQueue, "send">, shopId: string): Promise<void> {
  await queue.send<ShopWriterJobData>(SHOP_WRITER_JOB, { shopId }, { singletonKey: shopId, shopId });
}

// Home's "Retry" on a job that gave up: the same job waits again, due now, with its attempts reset.
// Scoped by shop: another shop's job id answers "not found" and changes nothing.
import type { JobQueue } from "../jobs/types";
import { describeJob } from "../views/needs-attention";
import type { ActionResult } from "./command-result";

export async function retryFailedJob(queue: Pick<JobQueue, "retryFailed" | "getJob">, shopId: string, jobId: string): Promise<ActionResult> {
  if (!jobId) return { ok: false, status: 400, message: "Which job? The form named none." };
  const job = await queue.getJob(jobId);
  if (!job || job.shopId !== shopId) return { ok: false, status: 404, message: "This job is not one of this store's." };
  if (!(await queue.retryFailed(jobId, shopId))) {
    return { ok: false, status: 409, message: "This job is no longer waiting for a retry (it was retried already)." };
  }
  return { ok: true, message: `Retrying: ${describeJob(job.name)}` };
}

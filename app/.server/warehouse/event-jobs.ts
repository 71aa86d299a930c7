// Job handlers of the Whiplash intake, for the worker's registry (app/worker.server.ts).
// whiplash-event jobs are handled a claimed batch at a time (applyWhiplashEvents).
import type { PrismaClient } from "@prisma/client";
import type { Logger } from "../logger";
import type { WhiplashClientFactory } from "../wiring/whiplash-client-factory";
import { applyWhiplashEvents, markOutcome } from "./apply-whiplash-event";
import type { ItemStore } from "./apply-item-store";
import { describeError, isPermanent } from "../jobs/errors";
import { WHIPLASH_EVENT_JOB, type WhiplashEventJobData } from "../jobs/registry";
import type { JobQueue } from "../jobs/types";
import type { BatchJobHandler } from "../jobs/worker";

export interface IntakeWorkerDeps {
  prisma: PrismaClient;
  queue: JobQueue;
  logger: Logger;
  whiplashClient: WhiplashClientFactory;
  /** Item persistence seam (tests wrap it to simulate a crash between steps). */
  items?: ItemStore;
  now?: () => Date;
}

export function intakeBatchHandlers(deps: IntakeWorkerDeps): Record<string, BatchJobHandler<never>> {
  const applyEvents: BatchJobHandler<WhiplashEventJobData> = async (jobs) => {
    // A job that ran before (failed, or its worker died) may have saved items without queueing syncs.
    const results = await applyWhiplashEvents(
      deps,
      jobs.map((job) => ({ eventId: job.data.eventId, replay: job.retryCount > 0 })),
    );
    for (const [i, result] of results.entries()) {
      const job = jobs[i];
      // Last attempt (or nothing to retry): the event is kept, marked FAILED with why, for inspection.
      if (!result.ok && (isPermanent(result.error) || job.retryCount >= job.retryLimit)) {
        await markOutcome(deps.prisma, job.data.eventId, "FAILED", describeError(result.error), (deps.now ?? (() => new Date()))());
      }
    }
    return results.map((r) => (r.ok ? { ok: true as const, output: r.output } : { ok: false as const, error: r.error }));
  };
  return { [WHIPLASH_EVENT_JOB]: applyEvents as BatchJobHandler<never> };
}

// Job handlers of the Whiplash intake, for the worker's registry (app/worker.server.ts).
import type { PrismaClient } from "@prisma/client";
import type { Logger } from "../logger";
import type { WhiplashClientFactory } from "../whiplash/client-factory";
import { applyWhiplashEvent, markOutcome } from "../sync/apply-whiplash-event";
import type { ItemStore } from "../sync/apply-item-store";
import { describeError, isPermanent } from "./errors";
import { WHIPLASH_EVENT_JOB, type WhiplashEventJobData } from "./names";
import type { JobQueue } from "./types";
import type { JobHandler } from "./worker";

export interface IntakeWorkerDeps {
  prisma: PrismaClient;
  queue: JobQueue;
  logger: Logger;
  whiplashClient: WhiplashClientFactory;
  /** Item persistence seam (tests wrap it to simulate a crash between steps). */
  items?: ItemStore;
  now?: () => Date;
}

export function intakeJobHandlers(deps: IntakeWorkerDeps): Record<string, JobHandler<never>> {
  const applyEvent: JobHandler<WhiplashEventJobData> = async (job) => {
    try {
      // A job that ran before (failed, or its worker died) may have saved items without queueing syncs.
      return await applyWhiplashEvent(deps, job.data.eventId, { replay: job.retryCount > 0 });
    } catch (error) {
      // Last attempt (or nothing to retry): the event is kept, marked FAILED with why, for inspection.
      if (isPermanent(error) || job.retryCount >= job.retryLimit) {
        await markOutcome(deps.prisma, job.data.eventId, "FAILED", describeError(error), (deps.now ?? (() => new Date()))());
      }
      throw error;
    }
  };
  return { [WHIPLASH_EVENT_JOB]: applyEvent as JobHandler<never> };
}

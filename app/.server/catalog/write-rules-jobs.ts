// The "whiplash-write-rules" job handler: writes a customer's pending Sync Inventory changes to Whiplash.
import type { PrismaClient } from "@prisma/client";
import type { Logger } from "../logger";
import { WHIPLASH_WRITE_RULES_JOB, type WhiplashWriteRulesJobData } from "../jobs/registry";
import type { JobQueue } from "../jobs/types";
import type { JobHandler } from "../jobs/worker";
import type { WhiplashClientFactory } from "../wiring/whiplash-client-factory";
import { writeRulesToWhiplash } from "./write-rules";

export function writeRulesJobHandlers(deps: {
  prisma: PrismaClient;
  queue: JobQueue;
  logger: Logger;
  whiplashClient: WhiplashClientFactory;
}): Record<string, JobHandler<never>> {
  const handler: JobHandler<WhiplashWriteRulesJobData> = async (job) => {
    const customer = await deps.prisma.customer.findUnique({ where: { id: job.data.customerId }, select: { id: true, whiplashCustomerId: true } });
    if (!customer) return { skipped: "customer gone" };
    return writeRulesToWhiplash({ ...deps, client: deps.whiplashClient(customer) }, customer.id);
  };
  return { [WHIPLASH_WRITE_RULES_JOB]: handler as JobHandler<never> };
}

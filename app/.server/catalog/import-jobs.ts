// The "whiplash-import" job handler (import items, subscribe webhooks, match SKUs, queue first syncs).
import type { PrismaClient } from "@prisma/client";
import { env } from "../env";
import type { Logger } from "../logger";
import { backgroundAdminClient } from "../wiring/background-admin-client";
import { runWhiplashImport } from "./import-job";
import { whiplashWebhookEndpoint } from "../whiplash/subscriptions";
import type { WhiplashClientFactory } from "../wiring/whiplash-client-factory";
import { WHIPLASH_IMPORT_JOB, type WhiplashImportJobData } from "../jobs/registry";
import type { JobQueue } from "../jobs/types";
import type { JobHandler } from "../jobs/worker";

export function importJobHandlers(deps: {
  prisma: PrismaClient;
  queue: JobQueue;
  logger: Logger;
  whiplashClient: WhiplashClientFactory;
}): Record<string, JobHandler<never>> {
  const handler: JobHandler<WhiplashImportJobData> = (job) =>
    runWhiplashImport(
      {
        ...deps,
        adminClient: (shop) => backgroundAdminClient(shop),
        webhookEndpoint: whiplashWebhookEndpoint(env().SHOPIFY_APP_URL),
      },
      job.data,
    );
  return { [WHIPLASH_IMPORT_JOB]: handler as JobHandler<never> };
}

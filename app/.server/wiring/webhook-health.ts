// The webhook check as the pages' "Repair" button runs it: the request's database and queue, a
// Whiplash client that gives up quickly (a person is waiting), and our callback URL.
import type { PrismaClient } from "@prisma/client";
import { env } from "../env";
import { logger } from "../logger";
import type { JobQueue } from "../jobs/types";
import { repairWhiplashWebhooks, type RepairResult } from "../lifecycle/webhook-health";
import { whiplashWebhookEndpoint } from "../whiplash/subscriptions";
import { envWhiplashClientFactory } from "./whiplash-client-factory";

export function repairWebhooksNow(prisma: PrismaClient, queue: Pick<JobQueue, "send">, customerId: string): Promise<RepairResult> {
  return repairWhiplashWebhooks(
    {
      prisma,
      queue,
      logger: logger.child({ area: "webhook-health" }),
      now: () => new Date(),
      whiplashClient: envWhiplashClientFactory(prisma, { maxRetries: 1, timeoutMs: 10_000 }),
      webhookEndpoint: whiplashWebhookEndpoint(env().SHOPIFY_APP_URL),
    },
    customerId,
  );
}

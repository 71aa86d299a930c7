// Whiplash webhook health (issue 12, item 4). Subscriptions are created once, on connect; after that
// Whiplash may switch one off (100 failed deliveries), someone may delete it, or a Whiplash sandbox may
// be reset, and ship notices then silently stop reaching Shopify. So a platform job, at worker start and
// every 15 minutes, checks every connected customer: lists its subscriptions, compares events and our
// callback URL with what we need, re-creates what is missing or switched off, and stores the result
// (db/webhook-health.ts) for Home and Settings (views/webhook-health.ts). It also asks Whiplash whether
// items changed after our last webhook: changes old enough to have been delivered, with nothing received
// since, mean webhooks are not arriving although the subscriptions look fine.
// After a repair the customer's items are re-imported, which also catches up what was missed meanwhile.
import type { PrismaClient } from "@prisma/client";
import type { Logger } from "../logger";
import type { JobQueue } from "../jobs/types";
import { PLATFORM_JOBS, WHIPLASH_IMPORT_JOB, type WhiplashImportJobData } from "../jobs/registry";
import type { JobHandler } from "../jobs/worker";
import type { WhiplashClient } from "../whiplash/client";
import { WhiplashAuthError } from "../whiplash/errors";
import { checkWebhookSubscriptions, SUBSCRIBED_EVENTS } from "../whiplash/subscriptions";
import {
  customerToCheck,
  customersWithWebhooks,
  getWebhookHealth,
  saveWebhookHealth,
  type CustomerToCheck,
  type WebhookHealthRecord,
  WEBHOOK_TIME_RESOLUTION_MS,
} from "../db/webhook-health";

export const WEBHOOK_HEALTH_EVERY_MS = 15 * 60_000;
/** A change at Whiplash this old should have reached us (Whiplash retries each delivery, 10 attempts). */
export const WEBHOOK_GRACE_MS = 30 * 60_000;

export interface WebhookHealthDeps {
  prisma: PrismaClient;
  queue: Pick<JobQueue, "send">;
  logger: Logger;
  now: () => Date;
  whiplashClient: (customer: { id: string; whiplashCustomerId: number }) => WhiplashClient;
  /** Our callback URL (SHOPIFY_APP_URL + /webhooks/whiplash): subscriptions elsewhere do not count. */
  webhookEndpoint: string;
}

function describeCheckError(error: unknown): string {
  if (error instanceof WhiplashAuthError) return "Whiplash refused the stored login; reconnect Whiplash in Settings.";
  return `Whiplash could not be asked (${(error as Error).message}).`;
}

const latest = (...dates: Array<Date | null>): Date =>
  new Date(Math.max(...dates.filter((d): d is Date => d !== null).map((d) => d.getTime())));

/** Checks (and repairs) one customer's subscriptions and stores the result. Never throws for Whiplash errors. */
export async function checkCustomerWebhooks(deps: WebhookHealthDeps, customer: CustomerToCheck): Promise<WebhookHealthRecord> {
  const now = deps.now();
  const previous = await getWebhookHealth(deps.prisma, customer.id);
  let health: WebhookHealthRecord;
  try {
    const client = deps.whiplashClient(customer);
    const subs = await checkWebhookSubscriptions(client, deps.webhookEndpoint, { repair: true });
    const repairedAt = subs.recreated.length > 0 ? now : (previous?.repairedAt ?? null);
    // Changes since the last webhook (or the repair, or connecting) that are past the grace period.
    const lastWebhook = customer.lastWebhookAt && new Date(customer.lastWebhookAt.getTime() + WEBHOOK_TIME_RESOLUTION_MS);
    const since = latest(lastWebhook, repairedAt, customer.createdAt);
    const changed = await client.latestItemChangeAfter(since, new Date(now.getTime() - WEBHOOK_GRACE_MS));
    health = {
      customerId: customer.id,
      checkedAt: now,
      missing: subs.missing.filter((name) => !subs.recreated.includes(name)),
      recreated: subs.recreated,
      repairedAt,
      unavailable: subs.unavailable,
      error: null,
      unseenActivityAt: changed,
    };
    // Subscriptions were expected (checked before, or webhooks arrived): whatever happened while they were
    // missing never reached us, so re-import. A first check right after connect is the import's own work.
    if (subs.recreated.length > 0 && (previous !== null || customer.lastWebhookAt !== null)) {
      await deps.queue.send<WhiplashImportJobData>(WHIPLASH_IMPORT_JOB, { customerId: customer.id }, { singletonKey: `${customer.id}:catch-up` });
    }
    if (subs.recreated.length > 0) deps.logger.warn("whiplash webhook subscriptions re-created", { customer: customer.id, events: subs.recreated });
  } catch (error) {
    deps.logger.warn("whiplash webhook check failed", { customer: customer.id, error: (error as Error).message });
    health = {
      customerId: customer.id,
      checkedAt: now,
      missing: previous?.missing ?? [],
      recreated: [],
      repairedAt: previous?.repairedAt ?? null,
      unavailable: previous?.unavailable ?? [],
      error: describeCheckError(error),
      unseenActivityAt: previous?.unseenActivityAt ?? null,
    };
  }
  await saveWebhookHealth(deps.prisma, health);
  return health;
}

/** Every connected customer, one after the other (a failure is stored for that customer, not thrown). */
export async function runWebhookHealthCheck(deps: WebhookHealthDeps): Promise<{ customers: number; recreated: number; unhealthy: number }> {
  let recreated = 0;
  let unhealthy = 0;
  const customers = await customersWithWebhooks(deps.prisma);
  for (const customer of customers) {
    const health = await checkCustomerWebhooks(deps, customer);
    recreated += health.recreated.length;
    if (health.error || health.missing.length > 0 || health.unseenActivityAt) unhealthy++;
  }
  return { customers: customers.length, recreated, unhealthy };
}

export type RepairResult = { ok: boolean; message: string };

/** The merchant's "Repair" button: check and re-create now, and say what happened. */
export async function repairWhiplashWebhooks(deps: WebhookHealthDeps, customerId: string): Promise<RepairResult> {
  const customer = await customerToCheck(deps.prisma, customerId);
  if (!customer) return { ok: false, message: "Connect Whiplash first." };
  const health = await checkCustomerWebhooks(deps, customer);
  const wanted = SUBSCRIBED_EVENTS.length - health.unavailable.length;
  if (health.error) return { ok: false, message: `Webhooks could not be checked: ${health.error}` };
  if (health.missing.length > 0) {
    return { ok: false, message: `Whiplash still has no active subscription for ${health.missing.join(", ")}. Try again, or reconnect Whiplash.` };
  }
  if (health.recreated.length > 0) {
    return {
      ok: true,
      message: `Re-created ${health.recreated.length} of ${wanted} webhook subscriptions at Whiplash. Items are being re-imported to catch up on missed changes.`,
    };
  }
  if (health.unseenActivityAt) {
    return {
      ok: false,
      message: `All ${wanted} webhook subscriptions are active at Whiplash, yet items changed with no webhook received. Check that ${deps.webhookEndpoint} is reachable from the internet.`,
    };
  }
  return { ok: true, message: `All ${wanted} webhook subscriptions are active at Whiplash.` };
}

/** At worker start ("start": now) and every 15 minutes ("every"); idempotent per key. */
export async function ensureWebhookHealthSchedule(queue: Pick<JobQueue, "send">, now: Date, at: "start" | "every" = "every"): Promise<string | null> {
  const startAfter = at === "start" ? now : new Date(now.getTime() + WEBHOOK_HEALTH_EVERY_MS);
  return queue.send(PLATFORM_JOBS.webhookHealth, {}, { singletonKey: at, startAfter });
}

export function webhookHealthJobHandlers(deps: WebhookHealthDeps): Record<string, JobHandler<never>> {
  const handler: JobHandler<unknown> = async () => {
    const result = await runWebhookHealthCheck(deps);
    // The next run. This job is active, so the singleton check (waiting jobs only) lets it in.
    await ensureWebhookHealthSchedule(deps.queue, deps.now());
    return result;
  };
  return { [PLATFORM_JOBS.webhookHealth]: handler as JobHandler<never> };
}

// What the platform services need, passed in so tests can use a fresh database and a fixed clock.
import type { PrismaClient } from "@prisma/client";
import type { AppJobQueue } from "../jobs/event-jobs";
import type { Logger } from "../logger";
import type { ThrottledAdminClient } from "../shopify/admin-client";

export interface PlatformDeps {
  prisma: PrismaClient;
  /** The queue, with the intake's port to store an event and its job in one transaction. */
  queue: AppJobQueue;
  logger: Logger;
  now: () => Date;
  /** Retention windows in days (env INBOUND_EVENT_RETENTION_DAYS, SYNC_LOG_RETENTION_DAYS); defaults 7 and 30. */
  retention?: { inboundEventDays: number; syncLogDays: number };
  /** Hours an in-flight Shopify order waits for Whiplash to import it (env IN_FLIGHT_ORDER_EXPIRY_HOURS); default 24. */
  inFlightExpiryHours?: number;
}

/** The throttled Admin client's surface the platform uses (every call goes through it). */
export type AdminRequester = Pick<ThrottledAdminClient, "request">;

/** Jobs that call Shopify (reconciliation) also need a client per shop and a plain fetch for JSONL files. */
export interface PlatformJobDeps extends PlatformDeps {
  adminClient(shop: string): AdminRequester;
  fetch: typeof fetch;
}

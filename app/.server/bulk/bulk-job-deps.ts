// What the bulk run and resync jobs need from the worker (see handlers.ts).
import type { PrismaClient } from "@prisma/client";
import type { JobContext } from "../jobs/worker";
import type { Logger } from "../logger";
import type { ThrottledAdminClient } from "../shopify/admin-client";

export interface BulkJobDeps {
  prisma: PrismaClient;
  logger: Logger;
  /** The shop's throttled Admin client for background work (backgroundAdminClient in the worker). */
  adminClient: (shopId: string) => Pick<ThrottledAdminClient, "request">;
  /** Downloads the bulk operation's JSONL (a plain GET of the URL Shopify gives). */
  fetch?: typeof fetch;
  now?: () => Date;
  /** How long to wait before looking again at a running bulk operation or the writer. */
  pollMs?: number;
  chunkSize?: number;
}

export type BulkJobContext = Pick<JobContext, "queue" | "extendLock" | "signal">;

export const nowOf = (deps: Pick<BulkJobDeps, "now">): Date => (deps.now ?? (() => new Date()))();

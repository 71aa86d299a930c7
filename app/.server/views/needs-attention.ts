// Home's "Needs attention" (issue 14, item 4): trouble a merchant cannot otherwise see, each entry with
// the action that fixes it. Jobs that gave up (dead-lettered, read through the JobQueue interface so the
// same list works on SQLite and pg-boss) with Retry; Whiplash webhooks missing or silent with Repair;
// items whose last write to Shopify failed; drift waiting for a decision. Empty: nothing needs doing.
import type { PrismaClient } from "@prisma/client";
import { BULK_RUN_JOB, PLATFORM_JOBS, RESYNC_JOB, SHOP_WRITER_JOB, WHIPLASH_EVENT_JOB, WHIPLASH_IMPORT_JOB } from "../jobs/registry";
import type { JobQueue } from "../jobs/types";
import { itemsWithDrift, itemsWithFailedWrite, type ItemSample } from "../db/attention-queries";
import type { ConnectedScope } from "../db/shop-scope";
import type { WebhookWarning } from "./webhook-health";
import { jobErrorForMerchant } from "./job-error-text";

/** Failed jobs older than this are history, not something to act on. */
export const FAILED_JOB_WINDOW_MS = 7 * 24 * 3600_000;
const SAMPLE = 5;

const JOB_WORDS: Record<string, string> = {
  [WHIPLASH_IMPORT_JOB]: "Importing your Whiplash items and matching SKUs",
  [SHOP_WRITER_JOB]: "Writing quantities to Shopify",
  [WHIPLASH_EVENT_JOB]: "Applying a Whiplash webhook",
  [BULK_RUN_JOB]: "A bulk run",
  [RESYNC_JOB]: "Syncing every item after a settings change",
  [PLATFORM_JOBS.reconcile]: "Starting a reconciliation",
  [PLATFORM_JOBS.reconcileCollect]: "Reading a reconciliation's results",
  [PLATFORM_JOBS.drift]: "Checking changes made in Shopify",
};

export type AttentionAction =
  | { kind: "retry-job"; jobId: string; label: string }
  | { kind: "repair-webhooks"; label: string }
  | { kind: "link"; url: string; label: string };

export interface AttentionEntry {
  kind: "failed-job" | "webhooks" | "write-failed" | "drift";
  /** Stable for the page (a job id, or the kind). */
  key: string;
  title: string;
  text: string;
  /** When it happened (ISO), when known. */
  at: string | null;
  action: AttentionAction;
  items?: { itemId: string; sku: string }[];
}

export function describeJob(name: string): string {
  return JOB_WORDS[name] ?? `Background job "${name}"`;
}

function itemsText(sample: ItemSample): string {
  const more = sample.total - sample.items.length;
  return `${sample.items.map((i) => i.sku).join(", ")}${more > 0 ? ` and ${more} more` : ""}`;
}

export async function loadNeedsAttention(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "listFailed">,
  scope: ConnectedScope,
  webhookWarning: WebhookWarning | null,
  now: Date = new Date(),
): Promise<AttentionEntry[]> {
  const [failedJobs, failedWrites, drift] = await Promise.all([
    queue.listFailed({ shopId: scope.shopId, since: new Date(now.getTime() - FAILED_JOB_WINDOW_MS), limit: SAMPLE }),
    itemsWithFailedWrite(prisma, scope.shopId, SAMPLE),
    itemsWithDrift(prisma, scope.shopId, SAMPLE),
  ]);
  const entries: AttentionEntry[] = [];
  if (webhookWarning) {
    entries.push({
      kind: "webhooks",
      key: "webhooks",
      title: webhookWarning.title,
      text: webhookWarning.text,
      at: webhookWarning.checkedAt,
      action: { kind: "repair-webhooks", label: "Repair webhooks" },
    });
  }
  for (const job of failedJobs) {
    entries.push({
      kind: "failed-job",
      key: job.id,
      title: `${describeJob(job.name)} failed and gave up`,
      text: `${jobErrorForMerchant(job.lastError)} It was tried ${job.retryCount + 1} time${job.retryCount === 0 ? "" : "s"}; Retry runs it again now.`,
      at: job.completedAt?.toISOString() ?? null,
      action: { kind: "retry-job", jobId: job.id, label: "Retry" },
    });
  }
  if (failedWrites.total > 0) {
    entries.push({
      kind: "write-failed",
      key: "write-failed",
      title: `The last write to Shopify failed for ${failedWrites.total} item${failedWrites.total === 1 ? "" : "s"}`,
      text: `${itemsText(failedWrites)}. Shopify refused the quantity (for example "Track quantity" is off on the variant). Fix the cause in Shopify, then use Sync now on the item.`,
      at: failedWrites.items[0]?.at?.toISOString() ?? null,
      action: { kind: "link", url: "/app/items?error=yes", label: "Show these items" },
      items: failedWrites.items.map(({ itemId, sku }) => ({ itemId, sku })),
    });
  }
  if (drift.total > 0) {
    entries.push({
      kind: "drift",
      key: "drift",
      title: `${drift.total} item${drift.total === 1 ? " was" : "s were"} changed in Shopify outside the app`,
      text: `${itemsText(drift)}. Shopify shows another number than the app published. Sync now on an item puts Whiplash's quantity back; the drift policy in Settings decides what happens to future changes.`,
      at: drift.items[0]?.at?.toISOString() ?? null,
      action: { kind: "link", url: "/app/reconcile", label: "Review on Reconciliation" },
      items: drift.items.map(({ itemId, sku }) => ({ itemId, sku })),
    });
  }
  return entries;
}

// The writer sweep (issue 12 item 6): restarts the writer of every shop that has pending syncs and no
// writer waiting or running. A writer job is dead-lettered after its retries (a Shopify outage of about
// a minute is enough) or at once on a call-level refusal; its rows stay pending, and without the sweep
// they would wait for the shop's next warehouse event. It runs once at worker start and then as a
// self-rescheduling platform job every minute (singleton key: one waiting sweep, whichever process
// queued it).
import type { PrismaClient } from "@prisma/client";
import { shopsWithPendingSyncs } from "../db/pending-syncs";
import { PLATFORM_JOBS, SHOP_WRITER_JOB } from "../jobs/registry";
import type { JobQueue } from "../jobs/types";
import type { Logger } from "../logger";
import { kickWriter } from "./kick-writer";

export const WRITER_SWEEP_EVERY_MS = 60_000;
const SWEEP_KEY = "writer-sweep";

export interface WriterSweepDeps {
  prisma: PrismaClient;
  queue: Pick<JobQueue, "send" | "countsByState">;
  logger?: Logger;
}

/** Queues the next sweep `delayMs` from `now` (no-op when one is already waiting). */
export function ensureWriterSweep(queue: Pick<JobQueue, "send">, now: Date, delayMs = WRITER_SWEEP_EVERY_MS): Promise<string | null> {
  return queue.send(PLATFORM_JOBS.writerSweep, {}, { singletonKey: SWEEP_KEY, startAfter: new Date(now.getTime() + delayMs) });
}

/** Kicks the writer of every shop with pending syncs whose writer is neither waiting nor running. */
export async function sweepWriters(deps: WriterSweepDeps): Promise<{ kicked: string[] }> {
  const kicked: string[] = [];
  for (const shopId of await shopsWithPendingSyncs(deps.prisma)) {
    const counts = await deps.queue.countsByState({ name: SHOP_WRITER_JOB, shopId });
    // A waiting or running writer will reach these rows (a running one rescans before it exits).
    if (counts.created + counts.retry + counts.active > 0) continue;
    await kickWriter(deps.queue, shopId);
    kicked.push(shopId);
  }
  if (kicked.length > 0) deps.logger?.info("writer sweep restarted writers", { shops: kicked.length });
  return { kicked };
}

/** The periodic job: one sweep, then the next one a minute later (this job is still active, so the singleton lets it in). */
export async function runWriterSweep(deps: WriterSweepDeps, now: Date): Promise<{ kicked: number }> {
  const { kicked } = await sweepWriters(deps);
  await ensureWriterSweep(deps.queue, now);
  return { kicked: kicked.length };
}

// Stores a Whiplash webhook and enqueues its job in ONE transaction, deduplicated on the body hash.
// Dedupe is an `INSERT ... ON CONFLICT DO NOTHING`, and the job insert only happens when the event row
// is ours: nothing ever rolls back (see prisma-job-queue.ts for why that matters on SQLite).
import { createHash, randomUUID } from "node:crypto";
import type { PrismaClient } from "@prisma/client";
import type { PrismaJobQueue } from "../jobs/prisma-job-queue";
import { WHIPLASH_EVENT_JOB, type WhiplashEventJobData } from "../jobs/names";

export const WHIPLASH_SOURCE = "whiplash";

/** Inbound event outcomes (InboundEvent.outcome). */
export type EventOutcome = "PENDING" | "APPLIED" | "STALE" | "UNUSED" | "INVALID" | "FAILED";

export function bodyHash(raw: Uint8Array): string {
  return createHash("sha256").update(raw).digest("hex");
}

export interface StoreEventInput {
  rawBody: Uint8Array;
  topic: string;
  customerId: string | null;
  outcome: EventOutcome;
  outcomeDetail?: string | null;
  /** Enqueue a `whiplash-event` job with it (only for PENDING events). */
  enqueue: boolean;
  receivedAt: Date;
}

export interface StoredEvent {
  eventId: string;
  duplicate: boolean;
  jobId: string | null;
}

export async function storeWhiplashEvent(
  prisma: PrismaClient,
  queue: PrismaJobQueue,
  input: StoreEventInput,
): Promise<StoredEvent> {
  const id = randomUUID();
  const dedupeKey = bodyHash(input.rawBody);
  const text = Buffer.from(input.rawBody).toString("utf8");
  const terminal = input.outcome !== "PENDING";
  const insertEvent = prisma.$executeRaw`
    INSERT INTO "InboundEvent" ("id","source","topic","dedupeKey","rawBody","customerId","shopId","receivedAt","outcome","outcomeDetail","processedAt")
    VALUES (${id}, ${WHIPLASH_SOURCE}, ${input.topic}, ${dedupeKey}, ${text}, ${input.customerId}, NULL, ${input.receivedAt},
            ${input.outcome}, ${input.outcomeDetail ?? null}, ${terminal ? input.receivedAt : null})
    ON CONFLICT ("source","dedupeKey") DO NOTHING`;
  if (!input.enqueue) {
    const inserted = await insertEvent;
    return inserted === 1 ? { eventId: id, duplicate: false, jobId: null } : await existing(prisma, dedupeKey);
  }
  const job = queue.sendStatement<WhiplashEventJobData>(WHIPLASH_EVENT_JOB, { eventId: id }, { onlyIfEventId: id });
  const [inserted] = await prisma.$transaction([insertEvent, job.statement]);
  return inserted === 1 ? { eventId: id, duplicate: false, jobId: job.id } : await existing(prisma, dedupeKey);
}

async function existing(prisma: PrismaClient, dedupeKey: string): Promise<StoredEvent> {
  const row = await prisma.inboundEvent.findUnique({
    where: { source_dedupeKey: { source: WHIPLASH_SOURCE, dedupeKey } },
    select: { id: true },
  });
  return { eventId: row?.id ?? "", duplicate: true, jobId: null };
}

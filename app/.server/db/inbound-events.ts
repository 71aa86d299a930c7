// The inbound event log: every webhook (Whiplash or Shopify) is stored before it is acted on, deduplicated on
// (source, dedupeKey), and later marked with its outcome. The webhook intakes (../intake/) insert with
// their job in one transaction (jobs/event-jobs.ts); this module owns the statements and queries they use, and the
// general API (tests, tools, the settings page's "are webhooks arriving").
import { createHash, randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@prisma/client";
import { chunk, type Db } from "./db-types";
import type { SqlDialect } from "./dialect";

export const INBOUND_OUTCOMES = ["PENDING", "APPLIED", "STALE", "UNUSED", "INVALID", "FAILED"] as const;
export type InboundOutcome = (typeof INBOUND_OUTCOMES)[number];

export interface InboundEventInput {
  /** e.g. "whiplash", "SHOPIFY" (the intakes' constants). */
  source: string;
  topic: string;
  /** SHA-256 of the raw body (Whiplash) or the webhook id (Shopify). */
  dedupeKey: string;
  rawBody: string;
  customerId?: string | null;
  shopId?: string | null;
  receivedAt?: Date;
}

export interface InboundEventRecord {
  id: string;
  source: string;
  topic: string;
  dedupeKey: string;
  rawBody: string;
  customerId: string | null;
  shopId: string | null;
  receivedAt: Date;
  outcome: string;
  outcomeDetail: string | null;
  processedAt: Date | null;
}

/** Hex SHA-256 of a raw body: the dedupe key of events without an id (Whiplash). */
export function bodyDedupeKey(rawBody: string | Uint8Array): string {
  return createHash("sha256").update(rawBody).digest("hex");
}

/**
 * The insert of a new event, as a statement the caller can run alone or in a transaction with the job
 * that acts on it. `INSERT ... ON CONFLICT DO NOTHING`: a repeat of (source, dedupeKey) inserts nothing
 * and raises no unique violation, so nothing ever rolls back (the better-sqlite3 adapter shares one
 * connection per process: a rollback would also undo other callers' writes).
 */
export function insertInboundEventStatement(prisma: Db, id: string, input: InboundEventInput) {
  const receivedAt = input.receivedAt ?? new Date();
  return prisma.$executeRaw`
    INSERT INTO "InboundEvent" ("id","source","topic","dedupeKey","rawBody","customerId","shopId","receivedAt","outcome")
    VALUES (${id}, ${input.source}, ${input.topic}, ${input.dedupeKey}, ${input.rawBody}, ${input.customerId ?? null},
            ${input.shopId ?? null}, ${receivedAt}, 'PENDING')
    ON CONFLICT ("source","dedupeKey") DO NOTHING`;
}

/** The stored event of (source, dedupeKey), for a caller whose insert found a duplicate. */
export async function findInboundEventByKey(prisma: Db, source: string, dedupeKey: string) {
  return prisma.inboundEvent.findUniqueOrThrow({
    where: { source_dedupeKey: { source, dedupeKey } },
    select: { id: true, outcome: true },
  });
}

/** Stores an event once. A repeat stores nothing and returns the first event's id with `duplicate: true`. */
export async function storeInboundEvent(prisma: PrismaClient, input: InboundEventInput): Promise<{ id: string; duplicate: boolean }> {
  const id = randomUUID();
  const inserted = await insertInboundEventStatement(prisma, id, input);
  if (inserted === 1) return { id, duplicate: false };
  return { id: (await findInboundEventByKey(prisma, input.source, input.dedupeKey)).id, duplicate: true };
}

/** Records what became of an event. Returns false for an unknown id. */
export async function markOutcome(
  prisma: Db,
  id: string,
  outcome: InboundOutcome,
  detail: string | null = null,
  at: Date = new Date(),
): Promise<boolean> {
  const { count } = await prisma.inboundEvent.updateMany({ where: { id }, data: { outcome, outcomeDetail: detail, processedAt: at } });
  return count === 1;
}

export async function getInboundEvent(prisma: Db, id: string): Promise<InboundEventRecord | null> {
  return prisma.inboundEvent.findUnique({ where: { id } });
}

export type InboundScope = { customerId: string; shopId?: undefined } | { shopId: string; customerId?: undefined };

/** A customer's or a shop's events, newest first, optionally with one outcome. */
export async function listInboundEvents(
  prisma: Db,
  scope: InboundScope,
  options: { outcome?: InboundOutcome; take?: number; before?: Date } = {},
): Promise<InboundEventRecord[]> {
  return prisma.inboundEvent.findMany({
    where: {
      ...(scope.customerId !== undefined ? { customerId: scope.customerId } : { shopId: scope.shopId }),
      ...(options.outcome ? { outcome: options.outcome } : {}),
      ...(options.before ? { receivedAt: { lt: options.before } } : {}),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: Math.min(Math.max(options.take ?? 50, 1), 500),
  });
}

/** Events per outcome for a customer or shop, optionally since a time (settings page health). */
export async function countInboundEventsByOutcome(prisma: Db, scope: InboundScope, since?: Date): Promise<Record<string, number>> {
  const groups = await prisma.inboundEvent.groupBy({
    by: ["outcome"],
    where: {
      ...(scope.customerId !== undefined ? { customerId: scope.customerId } : { shopId: scope.shopId }),
      ...(since ? { receivedAt: { gte: since } } : {}),
    },
    _count: { _all: true },
  });
  return Object.fromEntries(groups.map((g) => [g.outcome, g._count._all]));
}

/** The most recent event of a customer or shop, if any (settings page: "last webhook received ..."). */
export async function lastInboundEventAt(prisma: Db, scope: InboundScope): Promise<Date | null> {
  const row = await prisma.inboundEvent.findFirst({
    where: scope.customerId !== undefined ? { customerId: scope.customerId } : { shopId: scope.shopId },
    orderBy: { receivedAt: "desc" },
    select: { receivedAt: true },
  });
  return row?.receivedAt ?? null;
}

/** A shop's still PENDING events of one source and topic, oldest first (the jobs that drain them). */
export async function pendingEventsOfShop(
  prisma: Db,
  scope: { source: string; shopId: string; topic: string },
  options: { take?: number } = {},
): Promise<InboundEventRecord[]> {
  return prisma.inboundEvent.findMany({
    where: { ...scope, outcome: "PENDING" },
    orderBy: { receivedAt: "asc" },
    take: options.take,
  });
}

/** A shop's still PENDING events of one source and any of some topics, oldest first. */
export async function pendingEventsOfShopTopics(
  prisma: Db,
  scope: { source: string; shopId: string; topics: readonly string[] },
  options: { take?: number } = {},
): Promise<InboundEventRecord[]> {
  return prisma.inboundEvent.findMany({
    where: { source: scope.source, shopId: scope.shopId, topic: { in: [...scope.topics] }, outcome: "PENDING" },
    orderBy: { receivedAt: "asc" },
    take: options.take,
  });
}

/** Drops a shop's settled events of one source and topic processed before `before` (bounded tables). */
export async function deleteSettledEventsBefore(prisma: Db, scope: { source: string; shopId: string; topic: string }, before: Date): Promise<number> {
  const { count } = await prisma.inboundEvent.deleteMany({
    where: { ...scope, outcome: { not: "PENDING" }, processedAt: { lt: before } },
  });
  return count;
}

/** The stored events of these ids (a claimed batch of whiplash-event jobs). */
export async function getInboundEvents(prisma: Db, ids: readonly string[]): Promise<InboundEventRecord[]> {
  return prisma.inboundEvent.findMany({ where: { id: { in: [...ids] } } });
}

/** Outcomes that may still change: a final one is never overwritten by a late attempt. */
const OPEN_OUTCOMES = ["PENDING", "FAILED"];

export function isOpenOutcome(outcome: string): boolean {
  return OPEN_OUTCOMES.includes(outcome);
}

/** Marks the outcome only while the event is still open (PENDING or FAILED). */
export async function settleOpenEvent(prisma: Db, id: string, outcome: string, detail: string | null, at: Date): Promise<void> {
  await prisma.inboundEvent.updateMany({ where: { id, outcome: { in: OPEN_OUTCOMES } }, data: { outcome, outcomeDetail: detail, processedAt: at } });
}

/** settleOpenEvent for a whole batch: one statement per 300 events (one CASE per column). */
export async function settleOpenEvents(prisma: Db, outcomes: ReadonlyArray<{ id: string; outcome: string; detail: string | null }>, at: Date): Promise<void> {
  for (const part of chunk(outcomes, 300)) {
    const outcomeCase = Prisma.join(part.map((o) => Prisma.sql`WHEN ${o.id} THEN ${o.outcome}`), " ");
    const detailCase = Prisma.join(part.map((o) => Prisma.sql`WHEN ${o.id} THEN ${o.detail}`), " ");
    await prisma.$executeRaw`
      UPDATE "InboundEvent" SET "outcome" = CASE "id" ${outcomeCase} END, "outcomeDetail" = CASE "id" ${detailCase} END, "processedAt" = ${at}
      WHERE "id" IN (${Prisma.join(part.map((o) => o.id))}) AND "outcome" IN ('PENDING','FAILED')`;
  }
}

export interface NewEventRow {
  id: string;
  source: string;
  topic: string;
  dedupeKey: string;
  rawBody: string;
  customerId: string | null;
  receivedAt: Date;
  outcome: string;
  outcomeDetail: string | null;
  /** Set for an event stored already settled (not PENDING). */
  processedAt: Date | null;
}

/**
 * Many events in one `INSERT ... ON CONFLICT DO NOTHING RETURNING "id"` (the Whiplash intake's group
 * commit; 11 bound values per row, SQLite allows 32766), as SQL for the queue to run in one transaction
 * with the events' jobs (jobs/event-jobs.ts); its result lists the ids actually inserted (not duplicates).
 * The same text runs on both databases (`.sql` on SQLite, `.text` on PostgreSQL).
 */
export function insertEventsSql(rows: readonly NewEventRow[]): Prisma.Sql {
  const values = rows.map(
    (r) => Prisma.sql`(${r.id}, ${r.source}, ${r.topic}, ${r.dedupeKey}, ${r.rawBody},
        ${r.customerId}, NULL, ${r.receivedAt}, ${r.outcome}, ${r.outcomeDetail}, ${r.processedAt})`,
  );
  return Prisma.sql`
      INSERT INTO "InboundEvent" ("id","source","topic","dedupeKey","rawBody","customerId","shopId","receivedAt","outcome","outcomeDetail","processedAt")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("source","dedupeKey") DO NOTHING
      RETURNING "id"`;
}

/**
 * `SELECT "dedupeKey", "id"` of the batch's keys of a source, `id` NULL for a key not stored, as SQL the
 * group commit runs with its insert (jobs/event-jobs.ts EventBatch): a duplicate answers with the first
 * event's id. One lookup of the (source, dedupeKey) unique index per key, whatever the planner thinks of the
 * table's size: written as `"dedupeKey" IN (...)`, PostgreSQL (stale statistics while a burst fills the
 * table) matched on `source` alone and filtered every stored event of the source, for every batch. The
 * keys are one JSON parameter; the same text runs on both databases.
 */
export function storedEventIdsSql(dialect: SqlDialect, source: string, dedupeKeys: readonly string[]): Prisma.Sql {
  return Prisma.sql`
      SELECT k.value AS "dedupeKey",
             (SELECT e."id" FROM "InboundEvent" e WHERE e."source" = ${dialect.text(source)} AND e."dedupeKey" = k.value) AS "id"
      FROM ${dialect.jsonTextRows(JSON.stringify([...new Set(dedupeKeys)]))} k`;
}

/** The stored event id of each dedupe key of a source (what a duplicate answers with). */
export async function eventIdsByDedupeKey(prisma: Db, source: string, dedupeKeys: readonly string[]): Promise<Map<string, string>> {
  const rows = await prisma.inboundEvent.findMany({
    where: { source, dedupeKey: { in: [...new Set(dedupeKeys)] } },
    select: { id: true, dedupeKey: true },
  });
  return new Map(rows.map((r) => [r.dedupeKey, r.id]));
}

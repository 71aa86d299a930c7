// The stored result of each customer's Whiplash webhook check (lifecycle/webhook-health.ts), and the
// customers the check runs for. One WebhookHealth row per customer, replaced by each check.
import type { PrismaClient } from "@prisma/client";
import type { Db } from "./db-types";
import { dialectOf } from "./dialect";

/** Customer.lastWebhookAt is written at most once a minute (warehouse/apply-whiplash-event.ts): it may lag by this much. */
export const WEBHOOK_TIME_RESOLUTION_MS = 60_000;

export interface WebhookHealthRecord {
  customerId: string;
  checkedAt: Date;
  /** Events with no active subscription to our URL after the check. */
  missing: string[];
  /** Events this check re-created. */
  recreated: string[];
  /** When a check last re-created any. */
  repairedAt: Date | null;
  /** Events Whiplash does not offer under our names. */
  unavailable: string[];
  /** Why the check could not run; null when it ran. */
  error: string | null;
  /** The newest Whiplash item change old enough to have been delivered, with no webhook received since. */
  unseenActivityAt: Date | null;
}

const names = (json: unknown): string[] => {
  try {
    const value: unknown = JSON.parse(String(json));
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return [];
  }
};

/** A timestamp column as read by raw SQL: ISO text on SQLite, a Date on PostgreSQL. */
const toDate = (value: unknown): Date | null => (value == null ? null : new Date(value as string | Date));

export async function getWebhookHealth(prisma: Db, customerId: string): Promise<WebhookHealthRecord | null> {
  const rows = await prisma.$queryRaw<Array<Record<string, unknown>>>`
    SELECT "checkedAt", "missing", "recreated", "repairedAt", "unavailable", "error", "unseenActivityAt"
    FROM "WebhookHealth" WHERE "customerId" = ${customerId}`;
  const row = rows[0];
  if (!row) return null;
  return {
    customerId,
    checkedAt: toDate(row.checkedAt)!,
    missing: names(row.missing),
    recreated: names(row.recreated),
    repairedAt: toDate(row.repairedAt),
    unavailable: names(row.unavailable),
    error: typeof row.error === "string" ? row.error : null,
    unseenActivityAt: toDate(row.unseenActivityAt),
  };
}

export async function saveWebhookHealth(prisma: Db, health: WebhookHealthRecord): Promise<void> {
  const d = dialectOf(prisma);
  await prisma.$executeRaw`
    INSERT INTO "WebhookHealth" ("customerId", "checkedAt", "missing", "recreated", "repairedAt", "unavailable", "error", "unseenActivityAt")
    VALUES (${health.customerId}, ${d.timestamp(health.checkedAt)}, ${JSON.stringify(health.missing)}, ${JSON.stringify(health.recreated)},
            ${d.timestamp(health.repairedAt)}, ${JSON.stringify(health.unavailable)}, ${d.text(health.error)}, ${d.timestamp(health.unseenActivityAt)})
    ON CONFLICT ("customerId") DO UPDATE SET
      "checkedAt" = EXCLUDED."checkedAt", "missing" = EXCLUDED."missing", "recreated" = EXCLUDED."recreated",
      "repairedAt" = EXCLUDED."repairedAt", "unavailable" = EXCLUDED."unavailable", "error" = EXCLUDED."error",
      "unseenActivityAt" = EXCLUDED."unseenActivityAt"`;
}

export interface CustomerToCheck {
  id: string;
  whiplashCustomerId: number;
  lastWebhookAt: Date | null;
  createdAt: Date;
}

const CHECK_FIELDS = { id: true, whiplashCustomerId: true, lastWebhookAt: true, createdAt: true } as const;

/** Customers signed in to Whiplash with at least one installed shop: the ones whose webhooks matter. */
export async function customersWithWebhooks(prisma: PrismaClient): Promise<CustomerToCheck[]> {
  return prisma.customer.findMany({
    where: { accessTokenEnc: { not: null }, shops: { some: { uninstalledAt: null } } },
    select: CHECK_FIELDS,
    orderBy: { createdAt: "asc" },
  });
}

/** One customer as the check needs it (the Repair button), or null. */
export async function customerToCheck(prisma: Db, customerId: string): Promise<CustomerToCheck | null> {
  return prisma.customer.findUnique({ where: { id: customerId }, select: CHECK_FIELDS });
}

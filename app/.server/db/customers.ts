// Customers (Whiplash accounts) and their preferences (DESIGN.md 3.1, 3.4, 3.5). Prisma in, domain types out.
// Tokens are stored by ./whiplash-tokens.ts (encrypted); nothing here reads or writes them.
import type { Customer } from "@prisma/client";
import type { CustomerPrefs } from "../../domain/types";
import { applyCustomerDefaultReport, type CustomerDefaultState } from "../../domain/customer-rules";
import { assertBuffer, type Db } from "./db-types";

export type DriftPolicy = "CORRECT" | "FLAG";

export interface CustomerRecord {
  id: string;
  whiplashCustomerId: number;
  name: string;
  prefs: CustomerPrefs;
  driftPolicy: DriftPolicy;
  /** When the last signed Whiplash webhook arrived (shown on the settings page). */
  lastWebhookAt: Date | null;
  createdAt: Date;
  /** Whiplash's Sync Inventory rules (docs/decisions/0010): write-back on, the default's provenance, Whiplash's code. */
  rules: {
    writeBack: boolean;
    defaultSetBy: "IMPORT" | "PERSON" | "WHIPLASH";
    defaultSetAt: Date | null;
    whiplashDefaultCode: number | null;
    whiplashDefaultCodeAt: Date | null;
    defaultWritePendingAt: Date | null;
    /** "Is Whiplash's own Shopify sync still on?": null not asked yet. */
    ownSyncAnswer: "ON" | "OFF" | null;
  };
}

export function toCustomerPrefs(row: Pick<Customer, "defaultSyncSetting" | "processOrdersMode" | "defaultBuffer">): CustomerPrefs {
  return { defaultSyncSetting: row.defaultSyncSetting, processOrdersMode: row.processOrdersMode, defaultBuffer: row.defaultBuffer };
}

function toRecord(row: Customer): CustomerRecord {
  return {
    id: row.id,
    whiplashCustomerId: row.whiplashCustomerId,
    name: row.name,
    prefs: toCustomerPrefs(row),
    driftPolicy: row.driftPolicy,
    lastWebhookAt: row.lastWebhookAt,
    createdAt: row.createdAt,
    rules: {
      writeBack: row.rulesWriteBack,
      defaultSetBy: row.defaultSyncSettingSetBy === "AUTOMATION" ? "IMPORT" : row.defaultSyncSettingSetBy,
      defaultSetAt: row.defaultSyncSettingSetAt,
      whiplashDefaultCode: row.whiplashDefaultCode,
      whiplashDefaultCodeAt: row.whiplashDefaultCodeAt,
      defaultWritePendingAt: row.defaultWritePendingAt,
      ownSyncAnswer: row.whiplashOwnSyncAnswer === "ON" || row.whiplashOwnSyncAnswer === "OFF" ? row.whiplashOwnSyncAnswer : null,
    },
  };
}

export async function getCustomer(prisma: Db, customerId: string): Promise<CustomerRecord | null> {
  const row = await prisma.customer.findUnique({ where: { id: customerId } });
  return row ? toRecord(row) : null;
}

export async function getCustomerPrefs(prisma: Db, customerId: string): Promise<CustomerPrefs | null> {
  const row = await prisma.customer.findUnique({
    where: { id: customerId },
    select: { defaultSyncSetting: true, processOrdersMode: true, defaultBuffer: true },
  });
  return row ? toCustomerPrefs(row) : null;
}

export async function findCustomerByWhiplashId(prisma: Db, whiplashCustomerId: number): Promise<CustomerRecord | null> {
  const row = await prisma.customer.findUnique({ where: { whiplashCustomerId } });
  return row ? toRecord(row) : null;
}

export interface UpsertCustomerInput {
  whiplashCustomerId: number;
  name?: string;
  /** Only used when the customer is created; existing preferences are never reset by a reconnect. */
  prefs?: Partial<CustomerPrefs>;
}

/**
 * Creates the customer on first connect (standard setup: PROCESS_ORDERS_ONLY, ON_RECEIPT_OFF_AT_SELLOUT,
 * buffer 0, unless `prefs` says otherwise) or refreshes its name; preferences of an existing customer stay.
 */
export async function upsertCustomer(prisma: Db, input: UpsertCustomerInput): Promise<CustomerRecord> {
  if (input.prefs?.defaultBuffer !== undefined) assertBuffer(input.prefs.defaultBuffer);
  const row = await prisma.customer.upsert({
    where: { whiplashCustomerId: input.whiplashCustomerId },
    create: { whiplashCustomerId: input.whiplashCustomerId, name: input.name ?? "", ...input.prefs },
    update: input.name !== undefined ? { name: input.name } : {},
  });
  return toRecord(row);
}

export interface CustomerPrefsPatch extends Partial<CustomerPrefs> {
  driftPolicy?: DriftPolicy;
}

/** Changes preferences; returns the new ones, or null when there is no such customer. */
export async function updateCustomerPrefs(prisma: Db, customerId: string, patch: CustomerPrefsPatch): Promise<CustomerPrefs | null> {
  if (patch.defaultBuffer !== undefined) assertBuffer(patch.defaultBuffer);
  const { count } = await prisma.customer.updateMany({
    where: { id: customerId },
    data: {
      defaultSyncSetting: patch.defaultSyncSetting,
      processOrdersMode: patch.processOrdersMode,
      defaultBuffer: patch.defaultBuffer,
      driftPolicy: patch.driftPolicy,
    },
  });
  return count === 0 ? null : getCustomerPrefs(prisma, customerId);
}

/** Records that a signed webhook arrived (never moves the time backwards). */
export async function touchCustomerWebhook(prisma: Db, customerId: string, at: Date): Promise<void> {
  await prisma.customer.updateMany({
    where: { id: customerId, OR: [{ lastWebhookAt: null }, { lastWebhookAt: { lt: at } }] },
    data: { lastWebhookAt: at },
  });
}


/** The customer's full row (the Whiplash client factory and prefs need it); throws when it is unknown. */
export async function requireCustomerRow(prisma: Db, customerId: string): Promise<Customer> {
  return prisma.customer.findUniqueOrThrow({ where: { id: customerId } });
}

/** Our customer id for a Whiplash customer id (webhook intake: the lightest lookup, id only). */
export async function customerIdByWhiplashId(prisma: Db, whiplashCustomerId: number): Promise<string | null> {
  const row = await prisma.customer.findUnique({ where: { whiplashCustomerId }, select: { id: true } });
  return row?.id ?? null;
}

/** Full customer rows by id (a batch of events names a few customers). */
export async function getCustomerRows(prisma: Db, ids: readonly string[]): Promise<Customer[]> {
  return prisma.customer.findMany({ where: { id: { in: [...ids] } } });
}

/**
 * Records a read of Whiplash's customer-level Sync Inventory code (`notify_originator_inventory`) taken at
 * `at` (the customer's updated_at); the default follows it per docs/decisions/0010. Returns the new prefs.
 */
export async function recordWhiplashCustomerDefault(prisma: Db, customerId: string, code: number | null, at: Date): Promise<CustomerPrefs> {
  const row = await prisma.customer.findUniqueOrThrow({ where: { id: customerId } });
  const before: CustomerDefaultState = {
    defaultSyncSetting: row.defaultSyncSetting,
    setBy: row.defaultSyncSettingSetBy === "AUTOMATION" ? "IMPORT" : row.defaultSyncSettingSetBy,
    setAt: row.defaultSyncSettingSetAt?.toISOString() ?? null,
    whiplashCode: row.whiplashDefaultCode,
    whiplashCodeAt: row.whiplashDefaultCodeAt?.toISOString() ?? null,
  };
  const after = applyCustomerDefaultReport(before, code, at.toISOString());
  if (after === before) return toCustomerPrefs(row);
  const updated = await prisma.customer.update({
    where: { id: customerId },
    data: {
      defaultSyncSetting: after.defaultSyncSetting,
      defaultSyncSettingSetBy: after.setBy,
      defaultSyncSettingSetAt: after.setAt ? new Date(after.setAt) : null,
      whiplashDefaultCode: after.whiplashCode,
      whiplashDefaultCodeAt: after.whiplashCodeAt ? new Date(after.whiplashCodeAt) : null,
    },
  });
  return toCustomerPrefs(updated);
}

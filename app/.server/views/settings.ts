// The Settings page: the store's "Sync inventory" switch, the customer's preferences, the warehouse ->
// location mapping and the Whiplash connection. Saving validates everything first (zod, with field errors)
// and then writes it in ONE transaction: nothing partial is ever saved.
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import {
  PROCESS_ORDERS_MODE_LABELS,
  PROCESS_ORDERS_MODES,
  SYNC_SETTING_LABELS,
  SYNC_SETTINGS,
  type ProcessOrdersMode,
  type SyncSetting,
} from "../../domain";
import type { JobQueue } from "../jobs/types";
import { fieldErrorsOf, type FieldErrors } from "../../shared/form-errors";
import { queueResync } from "../commands/resync-stores";
import type { ShopScope } from "../db/shop-scope";

export interface LocationOption {
  id: string;
  name: string;
}

export interface SettingsView {
  shopId: string;
  syncEnabled: boolean;
  defaultLocationId: string | null;
  mapping: Record<number, string>;
  warehouses: number[];
  connection: {
    connected: boolean;
    configured: boolean;
    whiplashCustomerId: number | null;
    customerName: string | null;
    hasTokens: boolean;
    tokenExpiresAt: string | null;
    /** When the last correctly signed Whiplash webhook arrived (the secret itself is never shown). */
    lastWebhookAt: string | null;
  };
  prefs: {
    defaultSyncSetting: SyncSetting;
    processOrdersMode: ProcessOrdersMode;
    defaultBuffer: number;
    driftPolicy: "CORRECT" | "FLAG";
  } | null;
  options: {
    syncSettings: { value: SyncSetting; label: string }[];
    processOrdersModes: { value: ProcessOrdersMode; label: string }[];
  };
}

export async function loadSettings(prisma: PrismaClient, scope: ShopScope, whiplashConfigured: boolean): Promise<SettingsView> {
  const customer = scope.customer
    ? await prisma.customer.findUnique({
        where: { id: scope.customer.id },
        select: { accessTokenEnc: true, tokenExpiresAt: true },
      })
    : null;
  const warehouses = new Set<number>(Object.keys(scope.prefs.warehouseLocations).map(Number));
  if (scope.customer) {
    const rows = await prisma.$queryRaw<{ w: number | bigint }[]>`
      SELECT DISTINCT s."warehouseId" AS w FROM "ItemWarehouseStock" s JOIN "Item" i ON i."id" = s."itemId" WHERE i."customerId" = ${scope.customer.id}
      UNION SELECT DISTINCT "warehouseId" AS w FROM "ShipNotice" WHERE "customerId" = ${scope.customer.id}`;
    for (const r of rows) warehouses.add(Number(r.w));
  }
  return {
    shopId: scope.shopId,
    syncEnabled: scope.prefs.syncEnabled,
    defaultLocationId: scope.prefs.defaultLocationId,
    mapping: scope.prefs.warehouseLocations,
    warehouses: [...warehouses].sort((a, b) => a - b),
    connection: {
      connected: scope.customer !== null,
      configured: whiplashConfigured,
      whiplashCustomerId: scope.customer?.whiplashCustomerId ?? null,
      customerName: scope.customer?.name ?? null,
      hasTokens: Boolean(customer?.accessTokenEnc),
      tokenExpiresAt: customer?.tokenExpiresAt?.toISOString() ?? null,
      lastWebhookAt: scope.customer?.lastWebhookAt?.toISOString() ?? null,
    },
    prefs: scope.customer ? { ...scope.customer.prefs, driftPolicy: scope.customer.driftPolicy } : null,
    options: {
      syncSettings: SYNC_SETTINGS.map((value) => ({ value, label: SYNC_SETTING_LABELS[value] })),
      processOrdersModes: PROCESS_ORDERS_MODES.map((value) => ({ value, label: PROCESS_ORDERS_MODE_LABELS[value] })),
    },
  };
}

function settingsSchema(locations: LocationOption[], connected: boolean) {
  const ids = new Set(locations.map((l) => l.id));
  const location = z.string().refine((v) => ids.has(v), { message: "Choose one of this store's locations." });
  const base = z.object({
    syncEnabled: z.enum(["true", "false"], { error: "Choose whether inventory sync is on." }),
    defaultLocationId: location,
    warehouses: z.record(z.string().regex(/^\d+$/), z.union([z.literal(""), location])),
  });
  if (!connected) return base;
  return base.extend({
    defaultSyncSetting: z.enum(SYNC_SETTINGS, { error: "Choose a default Sync Inventory setting." }),
    processOrdersMode: z.enum(PROCESS_ORDERS_MODES, { error: "Choose how Process Orders is managed." }),
    defaultBuffer: z
      .string()
      .trim()
      .regex(/^\d+$/, "Enter a whole number of units, 0 or more.")
      .transform(Number)
      .refine((n) => n <= 1_000_000, "A buffer above 1,000,000 units is not allowed."),
    driftPolicy: z.enum(["CORRECT", "FLAG"], { error: "Choose what to do when someone changes a quantity in Shopify." }),
  });
}

/** Reads the flat form (warehouse mapping fields are named "warehouse.<id>"). */
export function settingsFormInput(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = { warehouses: {} as Record<string, string> };
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const m = /^warehouse\.(\d+)$/.exec(key);
    if (m) (out.warehouses as Record<string, string>)[m[1]] = value;
    else out[key] = value;
  }
  return out;
}

export type SaveSettingsResult =
  | { ok: true; message: string; resync: boolean }
  | { ok: false; status: number; message: string; fieldErrors: FieldErrors };

export async function saveSettings(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  scope: ShopScope,
  input: Record<string, unknown>,
  locations: LocationOption[],
): Promise<SaveSettingsResult> {
  const connected = scope.customer !== null;
  const parsed = settingsSchema(locations, connected).safeParse(input);
  if (!parsed.success) {
    const fieldErrors = fieldErrorsOf(parsed.error);
    // Field errors of the mapping are keyed "warehouses"; point them at the warehouse's own field.
    for (const issue of parsed.error.issues) {
      if (issue.path[0] === "warehouses" && issue.path[1] !== undefined) fieldErrors[`warehouse.${String(issue.path[1])}`] = issue.message;
    }
    return { ok: false, status: 400, message: "Nothing was saved. Fix the highlighted fields and save again.", fieldErrors };
  }
  const data = parsed.data as z.infer<ReturnType<typeof settingsSchema>> & {
    defaultSyncSetting?: SyncSetting;
    processOrdersMode?: ProcessOrdersMode;
    defaultBuffer?: number;
    driftPolicy?: "CORRECT" | "FLAG";
  };
  const syncEnabled = data.syncEnabled === "true";
  const mapping = Object.entries(data.warehouses)
    .filter(([, loc]) => loc !== "")
    .map(([w, locationId]) => ({ shopId: scope.shopId, warehouseId: Number(w), locationId }));

  // Everything validated: one transaction (no interactive transaction: nothing can fail half-way now).
  await prisma.$transaction([
    prisma.shop.update({ where: { id: scope.shopId }, data: { syncEnabled, defaultLocationId: data.defaultLocationId } }),
    prisma.warehouseLocation.deleteMany({ where: { shopId: scope.shopId } }),
    ...(mapping.length ? [prisma.warehouseLocation.createMany({ data: mapping })] : []),
    ...(scope.customer && data.defaultSyncSetting
      ? [
          prisma.customer.update({
            where: { id: scope.customer.id },
            data: {
              defaultSyncSetting: data.defaultSyncSetting,
              processOrdersMode: data.processOrdersMode,
              defaultBuffer: data.defaultBuffer,
              driftPolicy: data.driftPolicy,
            },
          }),
        ]
      : []),
  ]);

  // Changes that can change what is published queue a sync of every matched item (the writer only sends
  // what differs): the switch turned on, a new default setting or buffer, a new mapping.
  const before = scope.prefs;
  const newMapping = Object.fromEntries(mapping.map((m) => [m.warehouseId, m.locationId]));
  const customerChanged =
    scope.customer !== null &&
    (scope.customer.prefs.defaultSyncSetting !== data.defaultSyncSetting || scope.customer.prefs.defaultBuffer !== data.defaultBuffer);
  const shopChanged =
    (!before.syncEnabled && syncEnabled) ||
    before.defaultLocationId !== data.defaultLocationId ||
    JSON.stringify(sortKeys(before.warehouseLocations)) !== JSON.stringify(sortKeys(newMapping));
  const resync = syncEnabled && connected && (customerChanged || shopChanged);
  if (resync) {
    await queueResync(prisma, queue, scope.shopId, customerChanged ? { customerId: scope.customer!.id } : null);
  }
  return { ok: true, message: "Settings saved", resync };
}

function sortKeys(o: Record<number, string>): [string, string][] {
  return Object.entries(o).sort(([a], [b]) => Number(a) - Number(b));
}

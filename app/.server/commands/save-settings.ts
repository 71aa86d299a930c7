// "Save settings", the Settings page's command: the store's "Sync inventory" switch, the customer's
// preferences and the warehouse -> location mapping. It validates everything first (zod, with field
// errors) and then writes it in ONE transaction: nothing partial is ever saved. A change that can change
// what is published queues a resync of the customer's stores (commands/resync-stores.ts).
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { PROCESS_ORDERS_MODES, SYNC_SETTINGS, type ProcessOrdersMode, type SyncSetting } from "../../domain";
import type { JobQueue } from "../jobs/types";
import { fieldErrorsOf, type FieldErrors } from "../../shared/form-errors";
import { queueResync } from "./resync-stores";
import { queueRulesWriteBack } from "../catalog/write-rules";
import type { ShopScope } from "../db/shop-scope";
import { saveShopSettings } from "../db/settings-queries";
import type { LocationOption } from "../views/settings";

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
    // Write Sync Inventory changes back to Whiplash (docs/decisions/0010); absent: unchanged.
    rulesWriteBack: z.enum(["true", "false"], { error: "Choose whether changes are written to Whiplash." }).optional(),
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
    rulesWriteBack?: "true" | "false";
  };
  const syncEnabled = data.syncEnabled === "true";
  const mapping = Object.entries(data.warehouses)
    .filter(([, loc]) => loc !== "")
    .map(([w, locationId]) => ({ shopId: scope.shopId, warehouseId: Number(w), locationId }));

  // Everything validated: one transaction (no interactive transaction: nothing can fail half-way now).
  await saveShopSettings(prisma, {
    shopId: scope.shopId,
    syncEnabled,
    defaultLocationId: data.defaultLocationId,
    mapping: mapping.map(({ warehouseId, locationId }) => ({ warehouseId, locationId })),
    customer:
      scope.customer && data.defaultSyncSetting
        ? {
            id: scope.customer.id,
            defaultSyncSetting: data.defaultSyncSetting,
            processOrdersMode: data.processOrdersMode,
            defaultBuffer: data.defaultBuffer,
            driftPolicy: data.driftPolicy,
          }
        : undefined,
  });

  // The customer default is Whiplash's Customer Preferences setting too (docs/decisions/0010): a change made
  // here is the merchant's (who and when) and is written back to Whiplash, unless write-back is off.
  if (scope.customer && data.defaultSyncSetting) {
    const now = new Date();
    if (data.rulesWriteBack !== undefined) {
      await prisma.customer.update({ where: { id: scope.customer.id }, data: { rulesWriteBack: data.rulesWriteBack === "true" } });
    }
    if (scope.customer.prefs.defaultSyncSetting !== data.defaultSyncSetting) {
      await prisma.customer.update({
        where: { id: scope.customer.id },
        data: { defaultSyncSettingSetBy: "PERSON", defaultSyncSettingSetAt: now, defaultWritePendingAt: now },
      });
    }
    if (scope.customer.prefs.defaultSyncSetting !== data.defaultSyncSetting || data.rulesWriteBack === "true") {
      await queueRulesWriteBack(prisma, queue, scope.customer.id);
    }
  }

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

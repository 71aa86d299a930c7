// The Settings page's read side: the store's "Sync inventory" switch, the customer's preferences, the
// warehouse -> location mapping and the Whiplash connection. Saving is a command (commands/save-settings.ts).
import type { PrismaClient } from "@prisma/client";
import {
  PROCESS_ORDERS_MODE_LABELS,
  PROCESS_ORDERS_MODES,
  PROCESS_ORDERS_SET_BY_LABELS,
  customerDefaultFromCode,
  SYNC_SETTING_LABELS,
  SYNC_SETTINGS,
  type ProcessOrdersMode,
  type SyncSetting,
} from "../../domain";
import type { ShopScope } from "../db/shop-scope";
import type { CustomerRecord } from "../db/customers";
import { customerTokenState, warehousesSeenForCustomer } from "../db/settings-queries";

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
    /** Write Sync Inventory changes back to Whiplash (docs/decisions/0010). */
    rulesWriteBack: boolean;
    /** "Set by a change in Whiplash, <when>" for the default. */
    defaultSetByText: string;
    defaultSetAt: string | null;
    /** Whiplash's Customer Preferences default in words (null: not read yet). */
    whiplashDefault: string | null;
    /** A sentence when Whiplash's default code is unknown (ours kept), else null. */
    unknownDefaultCode: string | null;
    defaultWritePendingAt: string | null;
  } | null;
  /** The two-syncs question's answer (null: not asked yet). */
  ownSyncAnswer: "ON" | "OFF" | null;
  options: {
    syncSettings: { value: SyncSetting; label: string }[];
    processOrdersModes: { value: ProcessOrdersMode; label: string }[];
  };
}

function rulesView(rules: CustomerRecord["rules"], current: SyncSetting) {
  const reported = rules.whiplashDefaultCodeAt !== null;
  const reading = customerDefaultFromCode(rules.whiplashDefaultCode);
  return {
    rulesWriteBack: rules.writeBack,
    defaultSetByText: PROCESS_ORDERS_SET_BY_LABELS[rules.defaultSetBy],
    defaultSetAt: rules.defaultSetAt?.toISOString() ?? null,
    whiplashDefault: !reported ? null : reading.known ? SYNC_SETTING_LABELS[reading.setting] : `unknown code ${String(reading.code)}`,
    unknownDefaultCode:
      reported && !reading.known
        ? `Whiplash reports Sync Inventory default code ${String(reading.code)}, which the app does not know. The app kept "${SYNC_SETTING_LABELS[current]}" and did not guess; check Customer Preferences in Whiplash.`
        : null,
    defaultWritePendingAt: rules.defaultWritePendingAt?.toISOString() ?? null,
  };
}

export async function loadSettings(prisma: PrismaClient, scope: ShopScope, whiplashConfigured: boolean): Promise<SettingsView> {
  const tokens = scope.customer ? await customerTokenState(prisma, scope.customer.id) : null;
  const warehouses = new Set<number>(Object.keys(scope.prefs.warehouseLocations).map(Number));
  if (scope.customer) {
    for (const w of await warehousesSeenForCustomer(prisma, scope.customer.id)) warehouses.add(w);
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
      hasTokens: tokens?.hasTokens ?? false,
      tokenExpiresAt: tokens?.tokenExpiresAt?.toISOString() ?? null,
      lastWebhookAt: scope.customer?.lastWebhookAt?.toISOString() ?? null,
    },
    prefs: scope.customer ? { ...scope.customer.prefs, driftPolicy: scope.customer.driftPolicy, ...rulesView(scope.customer.rules, scope.customer.prefs.defaultSyncSetting) } : null,
    ownSyncAnswer: scope.customer?.rules.ownSyncAnswer ?? null,
    options: {
      syncSettings: SYNC_SETTINGS.map((value) => ({ value, label: SYNC_SETTING_LABELS[value] })),
      processOrdersModes: PROCESS_ORDERS_MODES.map((value) => ({ value, label: PROCESS_ORDERS_MODE_LABELS[value] })),
    },
  };
}

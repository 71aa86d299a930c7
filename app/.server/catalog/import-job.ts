// The "whiplash-import" job: after a merchant connects Whiplash (or asks for a re-import): import the
// customer's items, subscribe to its webhooks, match items to each connected shop's variants by SKU, and
// queue a first sync (trigger IMPORT) of every linked item. The writer decides per item at send time;
// never-received items are skipped there (standard setup), not zeroed.
import type { PrismaClient } from "@prisma/client";
import type { Logger } from "../logger";
import type { JobQueue } from "../jobs/types";
import type { WhiplashClient } from "../whiplash/client";
import { ensureWebhookSubscriptions } from "../whiplash/subscriptions";
import { requireCustomerRow, toCustomerPrefs } from "../db/customers";
import { installedShopIdsOfCustomer } from "../db/shops";
import { whiplashItemIdsOfCustomer } from "../db/items";
import { enqueueShopSyncs, type ChangedItem } from "../sync/fan-out";
import { repositoryItemStore, type ItemStore } from "../warehouse/apply-item-store";
import { importCustomerItems, type ImportResult } from "./import-customer";
import { matchShopVariants, type AdminGraphql, type MatchResult } from "./match-skus";
import { readShopVariants, type ReadShopVariantsOptions, type VariantReadStrategy } from "./read-variants";

export interface ImportJobDeps {
  prisma: PrismaClient;
  queue: JobQueue;
  logger: Logger;
  whiplashClient: (customer: { id: string; whiplashCustomerId: number }) => WhiplashClient;
  adminClient: (shopId: string) => AdminGraphql;
  /** Where Whiplash should send webhooks (SHOPIFY_APP_URL + /webhooks/whiplash); null: do not subscribe. */
  webhookEndpoint: string | null;
  items?: ItemStore;
  /** Downloads bulk operation results (JSONL from a signed URL). Default: global fetch. */
  fetch?: typeof fetch;
  /** How variants are read for matching: bulk threshold, poll interval and wait (tests). */
  variantRead?: Pick<ReadShopVariantsOptions, "bulkThreshold" | "pollMs" | "maxWaitMs" | "wait">;
}

export interface ImportJobOutput {
  import: Omit<ImportResult, "changedItemIds">;
  subscriptions?: { created: number; unavailable: string[] };
  shops: Record<string, MatchResult & { pendingRows: number; variantRead: VariantReadStrategy }>;
}

export async function runWhiplashImport(deps: ImportJobDeps, data: { customerId: string; shopId?: string }): Promise<ImportJobOutput> {
  const { prisma } = deps;
  const items = deps.items ?? repositoryItemStore(prisma);
  const customer = await requireCustomerRow(prisma, data.customerId);
  const client = deps.whiplashClient(customer);
  const imported = await importCustomerItems({ prisma, client, logger: deps.logger, items }, customer.id);
  const output: ImportJobOutput = {
    import: { items: imported.items, created: imported.created, updated: imported.updated, shipNotices: imported.shipNotices },
    shops: {},
  };

  if (deps.webhookEndpoint) {
    const subs = await ensureWebhookSubscriptions(client, deps.webhookEndpoint);
    output.subscriptions = { created: subs.created.length, unavailable: subs.unavailable };
    if (subs.unavailable.length) deps.logger.warn("whiplash does not offer some webhook events", { events: subs.unavailable });
  }

  // The import may have taken the customer's Sync Inventory default from Whiplash (docs/decisions/0010).
  const prefs = toCustomerPrefs(await requireCustomerRow(prisma, customer.id));
  const shopIds = await installedShopIdsOfCustomer(prisma, customer.id, data.shopId);
  const states: ChangedItem[] = [];
  for (const whiplashItemId of await whiplashItemIdsOfCustomer(prisma, customer.id)) {
    const record = await items.load(customer.id, whiplashItemId);
    if (record) states.push({ itemId: record.id, state: record.state, trigger: "IMPORT" });
  }
  for (const shopId of shopIds) {
    const admin = deps.adminClient(shopId);
    // Paged for ordinary catalogs, one bulk operation above the threshold (falls back to paged).
    const read = await readShopVariants(admin, { ...deps.variantRead, logger: deps.logger, shopId, fetch: deps.fetch });
    const match = await matchShopVariants(prisma, admin, shopId, { variants: read.variants });
    // Only this shop: enqueueShopSyncs looks at every shop of the customer, so filter to it.
    const fan = await enqueueShopSyncs(prisma, deps.queue, customer.id, prefs, states, shopId);
    output.shops[shopId] = { ...match, pendingRows: fan.rows, variantRead: read.strategy };
  }
  return output;
}

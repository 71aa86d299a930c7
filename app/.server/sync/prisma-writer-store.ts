// The shop writer's storage on Prisma (SQLite by default, PostgreSQL for scale-out), built on the
// repositories in app/.server/db. A batch's outcomes are recorded in one transaction of a handful of
// set-based statements (not one statement per row), so the database keeps up with Shopify's rate.
import type { PrismaClient } from "@prisma/client";
import type { SyncTrigger } from "../../domain/types";
import { getCustomerPrefs } from "../db/customers";
import { chunk } from "../db/db-types";
import { knownLevels, linkStatesForItems } from "../db/item-links";
import { loadItemStates } from "../db/items";
import { getShop, getShopPrefs } from "../db/shops";
import { appendSyncLogs, type SyncLogInput } from "../db/sync-log";
import type {
  DecisionContext,
  ItemDecisionInput,
  PendingCursor,
  PendingRow,
  RunTotals,
  SyncOutcome,
  WriterStore,
} from "./writer-store";

export class PrismaWriterStore implements WriterStore {
  /** Batches are recorded one at a time: SQLite serialises writers anyway, and queued transactions would time out. */
  private recording: Promise<void> = Promise.resolve();

  constructor(private readonly prisma: PrismaClient) {}

  async nextPending(shopId: string, after: PendingCursor | null, limit: number): Promise<PendingRow[]> {
    const rows = await this.prisma.pendingSync.findMany({
      where: {
        shopId,
        ...(after
          ? {
              OR: [
                { enqueuedAt: { gt: after.enqueuedAt } },
                { enqueuedAt: after.enqueuedAt, itemId: { gt: after.itemId } },
                { enqueuedAt: after.enqueuedAt, itemId: after.itemId, locationId: { gt: after.locationId } },
              ],
            }
          : {}),
      },
      orderBy: [{ enqueuedAt: "asc" }, { itemId: "asc" }, { locationId: "asc" }],
      take: limit,
    });
    return rows.map((r) => ({ ...r, trigger: r.trigger as SyncTrigger }));
  }

  async loadDecisionContext(shopId: string, itemIds: string[]): Promise<DecisionContext> {
    const [shop, prefs] = await Promise.all([getShop(this.prisma, shopId), getShopPrefs(this.prisma, shopId)]);
    const items = new Map<string, ItemDecisionInput>();
    if (!shop || !prefs || !shop.customerId) return { shop: prefs, customer: null, items };
    const customerId = shop.customerId;
    const [customer, states, links] = await Promise.all([
      getCustomerPrefs(this.prisma, customerId),
      // Scoped to the shop's customer: a pending row can never publish another merchant's item.
      loadItemStates(this.prisma, itemIds, { customerId }),
      linkStatesForItems(this.prisma, shopId, itemIds),
    ]);
    const levels = await knownLevels(this.prisma, shopId, [...links.values()].map((l) => l.inventoryItemId));
    for (const [itemId, item] of states) {
      const link = links.get(itemId) ?? null;
      items.set(itemId, { item, link, known: link ? (levels.get(link.inventoryItemId) ?? {}) : {} });
    }
    return { shop: prefs, customer, items };
  }

  async startRun(shopId: string, trigger: string): Promise<string> {
    return (await this.prisma.syncRun.create({ data: { shopId, trigger } })).id;
  }

  async finishRun(runId: string, totals: RunTotals, at: Date): Promise<void> {
    await this.prisma.syncRun.update({ where: { id: runId }, data: { ...totals, finishedAt: at } });
  }

  recordOutcomes(shopId: string, runId: string, outcomes: SyncOutcome[], at: Date): Promise<void> {
    const next = this.recording.then(() => this.record(shopId, runId, outcomes, at));
    this.recording = next.catch(() => {});
    return next;
  }

  private async record(shopId: string, runId: string, outcomes: SyncOutcome[], at: Date): Promise<void> {
    if (outcomes.length === 0) return;
    const written = outcomes.filter((o): o is Extract<SyncOutcome, { kind: "written" }> => o.kind === "written");
    const failed = outcomes.filter((o): o is Extract<SyncOutcome, { kind: "failed" }> => o.kind === "failed");
    const prisma = this.prisma;

    await prisma.$transaction(async (tx) => {
      await appendSyncLogs(tx, outcomes.map((o) => logRow(shopId, runId, o, at)));

      if (written.length > 0) {
        // Known and written quantity per level. Existing rows are replaced rather than upserted one by
        // one: two statements per batch instead of 250.
        for (const [locationId, group] of groupBy(written, (o) => o.row.locationId)) {
          for (const part of chunk(group, 400)) {
            const inventoryItemIds = part.map((o) => o.inventoryItemId);
            await tx.shopifyLevel.deleteMany({ where: { shopId, locationId, inventoryItemId: { in: inventoryItemIds } } });
            await tx.shopifyLevel.createMany({
              data: part.map((o) => ({
                shopId,
                inventoryItemId: o.inventoryItemId,
                locationId,
                knownQuantity: o.quantity,
                knownAt: at,
                writtenQuantity: o.quantity,
                writtenAt: at,
              })),
            });
          }
        }
        for (const part of chunk([...new Set(written.map((o) => o.row.itemId))], 400)) {
          await tx.itemLink.updateMany({ where: { shopId, itemId: { in: part } }, data: { lastSyncedAt: at, lastError: null } });
        }
      }
      // The item shows its last permanent error in the UI until a later success clears it.
      for (const [error, group] of groupBy(failed, (o) => `${o.code}: ${o.message}`)) {
        for (const part of chunk(group.map((o) => o.row.itemId), 400)) {
          await tx.itemLink.updateMany({ where: { shopId, itemId: { in: part } }, data: { lastError: error } });
        }
      }

      // Handled rows go, unless replaced meanwhile (a newer enqueuedAt means a newer wanted quantity).
      // Rows queued together share enqueuedAt, so grouping by it keeps this to a few statements.
      for (const [, group] of groupBy(outcomes, (o) => `${o.row.locationId}\u0000${o.row.enqueuedAt.getTime()}`)) {
        const { locationId, enqueuedAt } = group[0].row;
        for (const part of chunk(group.map((o) => o.row.itemId), 400)) {
          await tx.pendingSync.deleteMany({ where: { shopId, locationId, enqueuedAt, itemId: { in: part } } });
        }
      }
    }, { maxWait: 30_000, timeout: 60_000 });
  }
}

function logRow(shopId: string, runId: string, o: SyncOutcome, at: Date): SyncLogInput {
  const base = {
    shopId,
    itemId: o.row.itemId,
    locationId: o.row.locationId,
    trigger: o.row.trigger,
    // A bulk or manual sync's own run id, so its per-item results can be listed; else this writer run.
    runId: o.row.runId ?? runId,
    createdAt: at,
  };
  switch (o.kind) {
    case "written":
      return { ...base, decision: "SYNCED", reason: o.reason, quantityBefore: o.before, quantityAfter: o.quantity };
    case "skipped":
      return { ...base, decision: "SKIPPED", reason: o.reason, quantityAfter: o.quantity };
    case "failed":
      return { ...base, decision: "FAILED", reason: o.code, quantityAfter: o.quantity, error: `${o.code}: ${o.message}` };
  }
}

function groupBy<T>(list: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of list) {
    const k = key(item);
    const group = out.get(k);
    if (group) group.push(item);
    else out.set(k, [item]);
  }
  return out;
}

// The shop writer's storage on Prisma (SQLite by default, PostgreSQL for scale-out): the database
// implementation of the WriterStore interface (db/writer-store.ts), kept in db/ with the other
// repositories because it is nothing but queries. A batch's outcomes are recorded in one transaction of
// a handful of set-based statements (not one statement per row), so the database keeps up with Shopify's
// rate. Every raw statement is as tuned in sync/writer (moved, not changed).
import { Prisma, type PrismaClient } from "@prisma/client";
import type { CustomerPrefs, ItemLinkState, ItemState, ProcessOrdersSetBy, ItemSyncSetting, ShopPrefs, SyncTrigger } from "../../domain/types";
import { getCustomerPrefs } from "./customers";
import { chunk } from "./db-types";
import { toItemState, type ItemStateRow } from "./items";
import { getShop, getShopPrefs } from "./shops";
import type { SyncLogInput } from "./sync-log";
import type {
  DecisionContext,
  ItemDecisionInput,
  PendingCursor,
  PendingRow,
  RunTotals,
  SyncOutcome,
  WriterStore,
} from "./writer-store";

const SETTINGS_TTL_MS = 1000;

interface ShopSettings {
  shop: ShopPrefs | null;
  customerId: string | null;
  customer: CustomerPrefs | null;
}

export class PrismaWriterStore implements WriterStore {
  private readonly settings = new Map<string, { at: number; value: ShopSettings }>();
  /** Batches are recorded one at a time: SQLite serialises writers anyway, and queued transactions would time out. */
  private recording: Promise<void> = Promise.resolve();

  constructor(private readonly prisma: PrismaClient) {}

  /**
   * Rows after the cursor in primary-key order (shop, item, location), which the primary key index serves
   * without sorting; ordering by enqueuedAt would sort every row sharing a timestamp (a bulk enqueue of
   * 200,000 rows shares one). Rows added or replaced behind the cursor are seen on the writer's next pass.
   */
  async nextPending(shopId: string, after: PendingCursor | null, limit: number): Promise<PendingRow[]> {
    // One raw statement: Prisma's findMany costs several times more per row at the writer's rates.
    const where = after
      ? Prisma.sql`"shopId" = ${shopId} AND ("itemId" > ${after.itemId} OR ("itemId" = ${after.itemId} AND "locationId" > ${after.locationId}))`
      : Prisma.sql`"shopId" = ${shopId}`;
    const rows = await this.prisma.$queryRaw<RawPending[]>`SELECT "shopId", "itemId", "locationId", "wanted", "trigger", "force", "runId", "attempts", "enqueuedAt"
      FROM "PendingSync" WHERE ${where} ORDER BY "itemId" ASC, "locationId" ASC LIMIT ${limit}`;
    return rows.map((r) => ({
      shopId: r.shopId,
      itemId: r.itemId,
      locationId: r.locationId,
      wanted: Number(r.wanted),
      trigger: r.trigger as SyncTrigger,
      force: bool(r.force),
      runId: r.runId,
      attempts: Number(r.attempts),
      enqueuedAt: date(r.enqueuedAt)!,
    }));
  }

  async loadDecisionContext(shopId: string, itemIds: string[]): Promise<DecisionContext> {
    const { shop: prefs, customerId, customer } = await this.shopSettings(shopId);
    const items = new Map<string, ItemDecisionInput>();
    if (!prefs || !customerId || !customer) return { shop: prefs, customer: null, items };
    for (const ids of chunk([...new Set(itemIds)], 400)) {
      // Scoped to the shop's customer: a pending row can never publish another merchant's item.
      const states = await loadItemStatesRaw(this.prisma, customerId, ids);
      const links = await loadLinksWithLevels(this.prisma, shopId, ids);
      for (const [itemId, item] of states) {
        const l = links.get(itemId);
        items.set(itemId, { item, link: l?.link ?? null, known: l?.known ?? {} });
      }
    }
    return { shop: prefs, customer, items };
  }

  /**
   * The shop's switch, mapping and customer preferences, re-read at most every SETTINGS_TTL_MS: a batch
   * goes out every few milliseconds during a big sync, and a merchant's change is seen within a second.
   */
  private async shopSettings(shopId: string): Promise<ShopSettings> {
    const cached = this.settings.get(shopId);
    if (cached && Date.now() - cached.at < SETTINGS_TTL_MS) return cached.value;
    const [shop, prefs] = await Promise.all([getShop(this.prisma, shopId), getShopPrefs(this.prisma, shopId)]);
    // An uninstalled shop (settings kept 48 h for a reinstall) has nothing it may publish.
    const installed = shop !== null && shop.uninstalledAt === null;
    const customerId = installed ? (shop.customerId ?? null) : null;
    const customer = customerId ? await getCustomerPrefs(this.prisma, customerId) : null;
    const value = { shop: installed ? prefs : null, customerId, customer };
    this.settings.set(shopId, { at: Date.now(), value });
    return value;
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
      for (const part of chunk(outcomes, 250)) await insertSyncLogs(tx, part.map((o) => logRow(shopId, runId, o, at)));

      // Known and written quantity per level, as one multi-row upsert per 250 levels.
      for (const part of chunk(written, 250)) await upsertWrittenLevels(tx, shopId, part, at);
      // Raw UPDATEs (Prisma's updateMany costs far more per call); updatedAt is set as @updatedAt would.
      for (const part of chunk([...new Set(written.map((o) => o.row.itemId))], 400)) {
        await tx.$executeRaw`UPDATE "ItemLink" SET "lastSyncedAt" = ${at}, "lastError" = NULL, "updatedAt" = ${at}
          WHERE "shopId" = ${shopId} AND "itemId" IN (${Prisma.join(part)})`;
      }
      // The item shows its last permanent error in the UI until a later success clears it.
      for (const [error, group] of groupBy(failed, (o) => `${o.code}: ${o.message}`)) {
        for (const part of chunk([...new Set(group.map((o) => o.row.itemId))], 400)) {
          await tx.$executeRaw`UPDATE "ItemLink" SET "lastError" = ${error}, "updatedAt" = ${at}
            WHERE "shopId" = ${shopId} AND "itemId" IN (${Prisma.join(part)})`;
        }
      }

      // Handled rows go, unless replaced meanwhile (a newer enqueuedAt means a newer wanted quantity).
      // Rows queued together share enqueuedAt, so grouping by it keeps this to a few statements.
      for (const [, group] of groupBy(outcomes, (o) => `${o.row.locationId}\u0000${o.row.enqueuedAt.getTime()}`)) {
        const { locationId, enqueuedAt } = group[0].row;
        for (const part of chunk(group.map((o) => o.row.itemId), 400)) {
          await tx.$executeRaw`DELETE FROM "PendingSync" WHERE "shopId" = ${shopId} AND "locationId" = ${locationId}
            AND "enqueuedAt" = ${enqueuedAt} AND "itemId" IN (${Prisma.join(part)})`;
        }
      }
    }, { maxWait: 30_000, timeout: 60_000 });
  }
}

type Tx = Prisma.TransactionClient;

interface RawPending {
  shopId: string;
  itemId: string;
  locationId: string;
  wanted: number | bigint;
  trigger: string;
  force: unknown;
  runId: string | null;
  attempts: number | bigint;
  enqueuedAt: Date | string;
}

/** Raw results carry the driver's values: SQLite may give 0/1 for booleans and text for dates. */
function bool(v: unknown): boolean {
  return v === true || v === 1 || v === 1n || v === "1" || v === "true";
}

function date(v: unknown): Date | null {
  if (v == null) return null;
  return v instanceof Date ? v : new Date(v as string | number);
}

function int(v: unknown): number | null {
  return v == null ? null : Number(v);
}

/**
 * Item states of the customer by id, in three raw statements (items, stock, ship lines with their notice)
 * instead of Prisma's include, which costs several times more per row. Same mapping as loadItemStates.
 */
async function loadItemStatesRaw(prisma: PrismaClient, customerId: string, ids: string[]): Promise<Map<string, ItemState>> {
  const out = new Map<string, ItemState>();
  if (ids.length === 0) return out;
  const list = Prisma.join(ids);
  const itemRows = await prisma.$queryRaw<Array<Record<string, unknown>>>`SELECT "id", "whiplashItemId", "sku", "receivedTotal",
      "firstReceivedAt", "processOrders", "processOrdersSetBy", "syncSetting", "bufferOverride", "lastEventAt",
      "processOrdersEventAt", "settingsEventAt"
    FROM "Item" WHERE "customerId" = ${customerId} AND "id" IN (${list})`;
  if (itemRows.length === 0) return out;
  const rows = new Map<string, ItemStateRow>();
  for (const r of itemRows) {
    rows.set(r.id as string, {
      whiplashItemId: Number(r.whiplashItemId),
      sku: r.sku as string,
      receivedTotal: Number(r.receivedTotal),
      firstReceivedAt: date(r.firstReceivedAt),
      processOrders: bool(r.processOrders),
      processOrdersSetBy: r.processOrdersSetBy as ProcessOrdersSetBy,
      syncSetting: r.syncSetting as ItemSyncSetting,
      bufferOverride: int(r.bufferOverride),
      lastEventAt: date(r.lastEventAt),
      processOrdersEventAt: date(r.processOrdersEventAt),
      settingsEventAt: date(r.settingsEventAt),
      stock: [],
      shipLines: [],
    });
  }
  const found = Prisma.join([...rows.keys()]);
  const stock = await prisma.$queryRaw<Array<{ itemId: string; warehouseId: unknown; sellable: unknown }>>`SELECT "itemId", "warehouseId", "sellable"
    FROM "ItemWarehouseStock" WHERE "itemId" IN (${found})`;
  for (const s of stock) rows.get(s.itemId)?.stock.push({ warehouseId: Number(s.warehouseId), sellable: Number(s.sellable) });
  const lines = await prisma.$queryRaw<Array<Record<string, unknown>>>`SELECT l."itemId", l."whiplashLineId", l."expected", l."receivedGood",
      l."damaged", l."publish", l."lastEventAt", n."whiplashId", n."warehouseId", n."status"
    FROM "ShipNoticeLine" l JOIN "ShipNotice" n ON n."id" = l."shipNoticeId" WHERE l."itemId" IN (${found})`;
  for (const l of lines) {
    rows.get(l.itemId as string)?.shipLines.push({
      whiplashLineId: Number(l.whiplashLineId),
      expected: Number(l.expected),
      receivedGood: Number(l.receivedGood),
      damaged: Number(l.damaged),
      publish: bool(l.publish),
      lastEventAt: date(l.lastEventAt),
      shipNotice: { whiplashId: Number(l.whiplashId), warehouseId: Number(l.warehouseId), status: Number(l.status) },
    });
  }
  for (const [id, row] of rows) out.set(id, toItemState(row));
  return out;
}

/** The items' links in the shop with the known quantity of each linked level, in one statement. */
async function loadLinksWithLevels(
  prisma: PrismaClient,
  shopId: string,
  ids: string[],
): Promise<Map<string, { link: ItemLinkState; known: Record<string, number | null> }>> {
  const out = new Map<string, { link: ItemLinkState; known: Record<string, number | null> }>();
  if (ids.length === 0) return out;
  const rows = await prisma.$queryRaw<Array<Record<string, unknown>>>`SELECT k."itemId", k."inventoryItemId", k."tracked",
      v."locationId", v."knownQuantity"
    FROM "ItemLink" k LEFT JOIN "ShopifyLevel" v ON v."shopId" = k."shopId" AND v."inventoryItemId" = k."inventoryItemId"
    WHERE k."shopId" = ${shopId} AND k."itemId" IN (${Prisma.join(ids)})`;
  for (const r of rows) {
    const itemId = r.itemId as string;
    let entry = out.get(itemId);
    if (!entry) {
      entry = { link: { inventoryItemId: r.inventoryItemId as string, tracked: bool(r.tracked) }, known: {} };
      out.set(itemId, entry);
    }
    if (r.locationId != null) entry.known[r.locationId as string] = int(r.knownQuantity);
  }
  return out;
}

// Prisma's createMany costs about 0.2 ms per row here; one multi-row INSERT (placeholders generated by
// Prisma.sql for the provider, so the same statement runs on SQLite and PostgreSQL) costs a tenth.
async function insertSyncLogs(tx: Tx, rows: SyncLogInput[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map(
    (r) =>
      Prisma.sql`(${r.shopId}, ${r.itemId}, ${r.locationId}, ${r.trigger}, ${r.decision}, ${r.reason}, ${r.quantityBefore ?? null}, ${r.quantityAfter ?? null}, ${r.error ?? null}, ${r.runId ?? null}, ${r.createdAt ?? new Date()})`,
  );
  await tx.$executeRaw`INSERT INTO "SyncLog" ("shopId", "itemId", "locationId", "trigger", "decision", "reason", "quantityBefore", "quantityAfter", "error", "runId", "createdAt") VALUES ${Prisma.join(values)}`;
}

async function upsertWrittenLevels(tx: Tx, shopId: string, written: Extract<SyncOutcome, { kind: "written" }>[], at: Date): Promise<void> {
  if (written.length === 0) return;
  const values = written.map((o) => Prisma.sql`(${shopId}, ${o.inventoryItemId}, ${o.row.locationId}, ${o.quantity}, ${at}, ${o.quantity}, ${at})`);
  await tx.$executeRaw`INSERT INTO "ShopifyLevel" ("shopId", "inventoryItemId", "locationId", "knownQuantity", "knownAt", "writtenQuantity", "writtenAt") VALUES ${Prisma.join(values)}
    ON CONFLICT ("shopId", "inventoryItemId", "locationId") DO UPDATE SET
      "knownQuantity" = excluded."knownQuantity", "knownAt" = excluded."knownAt",
      "writtenQuantity" = excluded."writtenQuantity", "writtenAt" = excluded."writtenAt"`;
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

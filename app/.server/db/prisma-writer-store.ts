// The shop writer's storage on Prisma (SQLite by default, PostgreSQL for scale-out): the database
// implementation of the WriterStore interface (db/writer-store.ts), kept in db/ with the other
// repositories because it is nothing but queries. It runs at Shopify's rate (up to ~20,000 rows/s on
// Plus), where Prisma's cost per parameter and per result value outweighs the database's own work, so
// every statement moves its rows as ONE JSON value: rows in as a JSON parameter (dialect.jsonRows),
// results out as one JSON aggregate (dialect.jsonArrayAgg). A batch's outcomes are recorded in one
// non-interactive transaction of a few set-based statements.
import { Prisma, type PrismaClient } from "@prisma/client";
import type { CustomerPrefs, ItemLinkState, ItemState, ProcessOrdersSetBy, ItemSyncSetting, ShopPrefs, SyncTrigger } from "../../domain/types";
import { getCustomerPrefs } from "./customers";
import { setKnownLevel } from "./item-links";
import { chunk } from "./db-types";
import { dialectOf, postgresDialect, type SqlDialect } from "./dialect";
import { sqlRunner, type SqlRunner } from "./sql-runner";
import { StatementGate } from "./statement-gate";
import { toItemState, type ItemStateRow } from "./items";
import { getShop, getShopPrefs } from "./shops";
import { appendSyncLogs, type SyncLogInput } from "./sync-log";
import {
  describeCallFailure,
  type CallFailure,
  type DecisionContext,
  type ItemDecisionInput,
  readPendingPage,
  type PendingCursor,
  type PendingPage,
  type PendingRow,
  type RunTotals,
  type SyncOutcome,
  type WriterStore,
} from "./writer-store";

const SETTINGS_TTL_MS = 1000;

/**
 * Record statements one writer runs on PostgreSQL at once; the writer keeps more calls in flight than
 * that. Measured on plus-200k (2 cores, quiet, alternating runs): with no limit (up to 8 at once) the
 * server spent 14.1-14.9 CPU-seconds and the run reached 0.67-0.72 of the ceiling; with 1, 2 or 3 at
 * once 12.3-13.3 s and 0.74-0.80. Batches that queue here wait without holding a connection.
 */
const RECORDS_IN_FLIGHT = 2;

interface ShopSettings {
  shop: ShopPrefs | null;
  customerId: string | null;
  customer: CustomerPrefs | null;
}

export class PrismaWriterStore implements WriterStore {
  private readonly settings = new Map<string, { at: number; value: ShopSettings }>();
  /** Batches are recorded one at a time: SQLite serialises writers anyway, and queued transactions would time out. */
  private recording: Promise<void> = Promise.resolve();

  private readonly sql: SqlRunner;
  /** PostgreSQL: the record statements in flight (RECORDS_IN_FLIGHT). */
  private readonly records = new StatementGate(RECORDS_IN_FLIGHT);

  constructor(private readonly prisma: PrismaClient) {
    this.sql = sqlRunner(prisma);
  }

  /**
   * Rows after the cursor in primary-key order (shop, item, location), which the primary key index serves
   * without sorting; ordering by enqueuedAt would sort every row sharing a timestamp (a bulk enqueue of
   * 200,000 rows shares one). Rows added or replaced behind the cursor are seen on the writer's next pass.
   */
  async nextPending(shopId: string, after: PendingCursor | null, limit: number): Promise<PendingRow[]> {
    const rows = await this.sql.jsonRows<PendingJson>(nextPendingQuery(dialectOf(this.prisma), shopId, after, limit));
    return toPendingRows(shopId, rows);
  }

  async loadDecisionContext(shopId: string, itemIds: string[]): Promise<DecisionContext> {
    const { shop: prefs, customerId, customer } = await this.shopSettings(shopId);
    const items = new Map<string, ItemDecisionInput>();
    if (!prefs || !customerId || !customer) return { shop: prefs, customer: null, items };
    const d = dialectOf(this.prisma);
    for (const ids of chunk([...new Set(itemIds)], 400)) {
      // All five reads in one go: on PostgreSQL one statement, so one round trip and one connection per batch.
      const json = JSON.stringify(ids);
      const reads = await this.sql.jsonRowsAll(decisionQueries(d, customerId, shopId, (column) => d.inJsonList(column, json)));
      addDecisionInputs(items, reads);
    }
    return { shop: prefs, customer, items };
  }

  /**
   * On PostgreSQL ONE statement: the page of pending rows as a CTE, and the five decision reads of its
   * items as scalar sub-selects over it. Against nextPending then loadDecisionContext that is one round
   * trip and one statement to plan instead of two, and the page's item ids are neither sent back nor
   * parsed from JSON five times. SQLite (in process, no round trips) runs the two reads.
   */
  async nextPendingPage(shopId: string, after: PendingCursor | null, limit: number): Promise<PendingPage> {
    const d = dialectOf(this.prisma);
    if (d.name !== "postgresql") return readPendingPage(this, shopId, after, limit);
    const { shop: prefs, customerId, customer } = await this.shopSettings(shopId);
    const items = new Map<string, ItemDecisionInput>();
    if (!prefs || !customerId || !customer) return { rows: await this.nextPending(shopId, after, limit), context: { shop: prefs, customer: null, items } };
    const { queries, shared } = nextPendingPageParts(d, shopId, customerId, after, limit);
    const [page, ...reads] = await this.sql.jsonRowsAll(queries, shared);
    addDecisionInputs(items, reads);
    return { rows: toPendingRows(shopId, page as PendingJson[]), context: { shop: prefs, customer, items } };
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

  recordCallFailure(shopId: string, runId: string, failure: CallFailure, at: Date): Promise<void> {
    // Queued behind the outcomes like every write of this store (SQLite has one writer).
    const row: SyncLogInput = {
      shopId,
      itemId: null,
      locationId: null,
      // The run's trigger ("PENDING" for the queued writer): the column is free text, as on SyncRun.
      trigger: failure.trigger as SyncTrigger,
      decision: "CALL_FAILED",
      reason: failure.kind,
      error: describeCallFailure(failure),
      runId,
      createdAt: at,
    };
    const next = this.recording.then(() => appendSyncLogs(this.prisma, [row]).then(() => {}));
    this.recording = next.catch(() => {});
    return next;
  }

  recordKnownLevel(shopId: string, level: { inventoryItemId: string; locationId: string; quantity: number }, at: Date): Promise<void> {
    // Queued behind the outcomes like every write of this store (SQLite has one writer).
    const next = this.recording.then(() => setKnownLevel(this.prisma, shopId, level, at));
    this.recording = next.catch(() => {});
    return next;
  }

  async forgetKnownLevelsOfPending(shopId: string): Promise<number> {
    // One statement: a shop's pending rows can be a whole bulk sync, and this runs only on a takeover.
    return this.prisma.$executeRaw`UPDATE "ShopifyLevel" SET "knownQuantity" = NULL, "knownAt" = NULL
      WHERE "shopId" = ${shopId} AND "knownQuantity" IS NOT NULL AND EXISTS (
        SELECT 1 FROM "PendingSync" p JOIN "ItemLink" k ON k."shopId" = p."shopId" AND k."itemId" = p."itemId"
        WHERE p."shopId" = "ShopifyLevel"."shopId" AND k."inventoryItemId" = "ShopifyLevel"."inventoryItemId"
          AND p."locationId" = "ShopifyLevel"."locationId")`;
  }

  recordOutcomes(shopId: string, runId: string, outcomes: SyncOutcome[], at: Date): Promise<void> {
    // PostgreSQL records a batch in ONE statement, atomic on its own, and its row locks let batches run
    // side by side: the writer never has the same pending row in two batches at once (its busy set), so
    // concurrent batches touch disjoint rows but for an item's ItemSyncError row shared across locations.
    if (dialectOf(this.prisma).name === "postgresql") return this.recordPostgres(shopId, runId, outcomes, at);
    const next = this.recording.then(() => this.record(shopId, runId, outcomes, at));
    this.recording = next.catch(() => {});
    return next;
  }

  private async record(shopId: string, runId: string, outcomes: SyncOutcome[], at: Date): Promise<void> {
    if (outcomes.length === 0) return;
    const written = outcomes.filter((o): o is Extract<SyncOutcome, { kind: "written" }> => o.kind === "written");
    const failed = outcomes.filter((o): o is Extract<SyncOutcome, { kind: "failed" }> => o.kind === "failed");
    const d = dialectOf(this.prisma);

    // Every statement is known up front, so the batch is one non-interactive transaction: nothing else
    // of this process runs between its statements, and no transaction stays open across an await of ours.
    const statements = [insertSyncLogs(d, shopId, outcomes.map((o) => logRow(shopId, runId, o, at)), at)];
    if (written.length > 0) statements.push(upsertWrittenLevels(d, shopId, written, at));
    // Nothing here updates ItemLink (issue 11): the last sync is the levels' writtenAt, the last error an
    // ItemSyncError row, deleted by a success and written by a failure.
    const { cleared, errors } = syncErrorChanges(written, failed);
    if (cleared.length > 0) statements.push(deleteSyncErrors(d, shopId, cleared));
    if (errors.length > 0) statements.push(upsertSyncErrors(d, shopId, errors, at));
    // Handled rows go, unless replaced meanwhile (a newer enqueuedAt means a newer wanted quantity).
    // Rows queued together share enqueuedAt, so grouping by it keeps this to a few statements. The rows
    // are found by primary key (the row-value IN): written as separate conditions, SQLite picks the
    // (shopId, enqueuedAt) index and walks every row of a bulk enqueue, for each batch.
    for (const [, group] of groupBy(outcomes, (o) => `${o.row.locationId}\u0000${o.row.enqueuedAt.getTime()}`)) {
      const { locationId, enqueuedAt } = group[0].row;
      const itemIds = JSON.stringify([...new Set(group.map((o) => o.row.itemId))]);
      statements.push(Prisma.sql`DELETE FROM "PendingSync"
        WHERE ("shopId", "itemId", "locationId") IN (SELECT ${d.text(shopId)}, j.value, ${d.text(locationId)} FROM ${d.jsonTextRows(itemIds)} j)
        AND "enqueuedAt" = ${enqueuedAt}`);
    }
    await this.sql.transaction(statements);
  }


  private async recordPostgres(shopId: string, runId: string, outcomes: SyncOutcome[], at: Date): Promise<void> {
    if (outcomes.length === 0) return;
    const statement = recordStatementPostgres(shopId, runId, outcomes, at);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.records.run(() => this.sql.execute(statement));
        return;
      } catch (error) {
        // Two batches writing the ItemSyncError rows of the same items may lock them in opposite orders;
        // the statement that PostgreSQL aborts changed nothing, so running it again is safe.
        if (attempt >= DEADLOCK_RETRIES || !isDeadlock(error)) throw error;
      }
    }
  }
}

/**
 * The page of pending rows after the cursor (PrismaWriterStore.nextPending), as one statement returning one
 * JSON value. Exported so tests can check the plan the database picks for it.
 */
export function nextPendingQuery(d: SqlDialect, shopId: string, after: PendingCursor | null, limit: number): Prisma.Sql {
  return pendingJson(d, Prisma.sql`(${pendingPageSelect(d, shopId, after, limit)})`);
}

/**
 * PrismaWriterStore.nextPendingPage on PostgreSQL, for SqlRunner.jsonRowsAll: the page as a shared CTE and
 * six reads of it (the rows, then decisionQueries' five). Exported so tests can check the plan.
 */
export function nextPendingPageParts(d: SqlDialect, shopId: string, customerId: string, after: PendingCursor | null, limit: number): { queries: Prisma.Sql[]; shared: Prisma.Sql } {
  const inPage: InItems = (column) => Prisma.sql`${column} = ANY(ARRAY(SELECT "itemId" FROM page))`;
  return {
    queries: [pendingJson(d, Prisma.sql`page`), ...decisionQueries(d, customerId, shopId, inPage)],
    shared: Prisma.sql`page AS MATERIALIZED (${pendingPageSelect(d, shopId, after, limit)})`,
  };
}

/** The pending rows after the cursor, in primary-key order. */
function pendingPageSelect(d: SqlDialect, shopId: string, after: PendingCursor | null, limit: number): Prisma.Sql {
  // PostgreSQL turns the OR into a filter over the shop's whole primary-key range, scanning every row
  // before the cursor for each page (687 ms at row 300,000 of a 400k drain); the row-value comparison
  // is an index range condition there (0.3 ms).
  const where = !after
    ? Prisma.sql`"shopId" = ${shopId}`
    : d.name === "postgresql"
      ? Prisma.sql`"shopId" = ${shopId} AND ("itemId", "locationId") > (${d.text(after.itemId)}, ${d.text(after.locationId)})`
      : Prisma.sql`"shopId" = ${shopId} AND ("itemId" > ${after.itemId} OR ("itemId" = ${after.itemId} AND "locationId" > ${after.locationId}))`;
  // On PostgreSQL the limit is a sub-select, which the planner cannot read: it then plans for a share of
  // the rows and walks the primary key in order, stopping after `limit` rows. Given the number, it
  // compares the limit with its estimate of the shop's rows, which is far too low for a table not yet
  // analyzed after a bulk enqueue (0.5% of the table): it then reads EVERY row after the cursor and
  // sorts them for each page (300 ms per page at 200,000 rows, against 0.1 ms).
  const take = d.name === "postgresql" ? Prisma.sql`(SELECT ${d.int(limit)})` : Prisma.sql`${limit}`;
  return Prisma.sql`SELECT * FROM "PendingSync" WHERE ${where} ORDER BY "itemId" ASC, "locationId" ASC LIMIT ${take}`;
}

/** Pending rows of `source` (a table expression) as one JSON value, in primary-key order. */
function pendingJson(d: SqlDialect, source: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT ${d.jsonArrayAgg(
    [Prisma.sql`p."itemId"`, Prisma.sql`p."locationId"`, Prisma.sql`p."wanted"`, Prisma.sql`p."trigger"`, Prisma.sql`p."force"`, Prisma.sql`p."runId"`, Prisma.sql`p."attempts"`, d.jsonTimestamp(Prisma.sql`p."enqueuedAt"`)],
    Prisma.sql`p."itemId", p."locationId"`,
  )} AS "rows" FROM ${source} p`;
}

type PendingJson = [string, string, number, string, unknown, string | null, number, string];

function toPendingRows(shopId: string, rows: PendingJson[]): PendingRow[] {
  return rows.map(([itemId, locationId, wanted, trigger, force, runId, attempts, enqueuedAt]) => ({
    shopId,
    itemId,
    locationId,
    wanted: Number(wanted),
    trigger: trigger as SyncTrigger,
    force: bool(force),
    runId,
    attempts: Number(attempts),
    enqueuedAt: new Date(enqueuedAt),
  }));
}

/** `column` is one of the items read: a JSON list parameter, or the page's items (nextPendingPage). */
type InItems = (column: Prisma.Sql) => Prisma.Sql;

/**
 * The five reads a decision needs, scoped to the shop's customer (a pending row can never publish another
 * merchant's item): item states (three reads), links with their levels, and units in flight.
 */
function decisionQueries(d: SqlDialect, customerId: string, shopId: string, inItems: InItems): Prisma.Sql[] {
  return [
    ...itemStatesQueries(d, customerId, inItems),
    linksWithLevelsQuery(d, shopId, inItems),
    // Units of Shopify orders Whiplash has not imported yet (rule 3.9), subtracted by syncTarget.
    unitsInFlightQuery(d, shopId, inItems),
  ];
}

function addDecisionInputs(items: Map<string, ItemDecisionInput>, [itemRows, stockRows, lineRows, linkRows, inFlightRows]: unknown[][]): void {
  const states = toItemStates(itemRows as ItemJson[], stockRows as StockJson[], lineRows as LineJson[]);
  const links = toLinksWithLevels(linkRows as LinkJson[]);
  const inFlight = toUnitsInFlight(inFlightRows as InFlightJson[]);
  for (const [itemId, item] of states) {
    const l = links.get(itemId);
    const units = inFlight.get(itemId);
    const link = l?.link && units ? { ...l.link, unitsInFlight: units } : (l?.link ?? null);
    items.set(itemId, { item, link, known: l?.known ?? {} });
  }
}

const DEADLOCK_RETRIES = 5;

function isDeadlock(error: unknown): boolean {
  return /40P01|deadlock detected/i.test(error instanceof Error ? error.message : String(error));
}

/**
 * The rows of a batch as jsonb: each row's fields are read with `->>`, which on a `json` value parses the
 * row's text again for every field (nine times per sync log row); jsonb is parsed once. Measured on
 * 250 sync log rows: the JSON parsing was about half of the insert's time with json, a quarter with jsonb.
 */
const recordDialectPostgres: SqlDialect = {
  ...postgresDialect,
  jsonRows: (json) => Prisma.sql`jsonb_array_elements(CAST(${json} AS jsonb))`,
};

/**
 * A batch's outcomes as ONE PostgreSQL statement (data-modifying CTEs): sync logs, written levels,
 * the items' error rows and the handled pending rows, with the same effect as record()'s transaction. One
 * round trip instead of BEGIN, four to six statements and COMMIT on a held connection. The parts see one
 * snapshot and each table's rows are touched once, so no part depends on another's changes.
 */
export function recordStatementPostgres(shopId: string, runId: string, outcomes: SyncOutcome[], at: Date): Prisma.Sql {
  const d = recordDialectPostgres;
  const written = outcomes.filter((o): o is Extract<SyncOutcome, { kind: "written" }> => o.kind === "written");
  const failed = outcomes.filter((o): o is Extract<SyncOutcome, { kind: "failed" }> => o.kind === "failed");
  const parts = [Prisma.sql`logs AS (${insertSyncLogs(d, shopId, outcomes.map((o) => logRow(shopId, runId, o, at)), at)})`];
  if (written.length > 0) parts.push(Prisma.sql`levels AS (${upsertWrittenLevels(d, shopId, written, at)})`);
  // Nothing here updates ItemLink (issue 11). The item's error row: a success deletes it, a failure
  // writes it; the two sets are disjoint (a statement may touch a row once).
  const { cleared, errors } = syncErrorChanges(written, failed);
  if (cleared.length > 0) parts.push(Prisma.sql`cleared AS (${deleteSyncErrors(d, shopId, cleared)})`);
  if (errors.length > 0) parts.push(Prisma.sql`errors AS (${upsertSyncErrors(d, shopId, errors, at)})`);
  // Handled rows go unless replaced meanwhile (a newer enqueuedAt means a newer wanted quantity), found by
  // primary key. TIMESTAMP(3) holds UTC and the cast ignores the ISO string's "Z".
  // The joins against the JSON rows also name the keys as an index condition (`= ANY`): on its own the
  // join is planned from the tables' statistics, and before a bulk-loaded table is analyzed PostgreSQL
  // hash-joins the shop's WHOLE key range (every pending row, every link) for each batch.
  const pending = JSON.stringify(outcomes.map((o) => [o.row.itemId, o.row.locationId, o.row.enqueuedAt.toISOString()]));
  return Prisma.sql`WITH ${Prisma.join(parts, ", ")}
    DELETE FROM "PendingSync" p USING ${d.jsonRows(pending)} j
    WHERE p."shopId" = ${d.text(shopId)} AND p."itemId" = j.value ->> 0 AND p."locationId" = j.value ->> 1
      AND p."enqueuedAt" = CAST(j.value ->> 2 AS TIMESTAMP(3))
      AND ${d.inJsonList(Prisma.sql`p."itemId"`, JSON.stringify([...new Set(outcomes.map((o) => o.row.itemId))]))}`;
}

/** JSON carries the database's own values: SQLite gives 0/1 for booleans. */
function bool(v: unknown): boolean {
  return v === true || v === 1 || v === "1" || v === "true";
}

function date(v: string | number | null): Date | null {
  return v == null ? null : new Date(v);
}

type ItemJson = [string, number, string, number, string | null, unknown, string, string, number | null, string | null, string | null, string | null, unknown, string, string | null, number | null, string | null];
type LineJson = [string, number, number, number, number, unknown, string | null, number, number, number];
type StockJson = [string, number, number];
type LinkJson = [string, string, unknown, string | null, number | null];
type InFlightJson = [string, string, number];

/**
 * Item states of the customer by id, as three queries (items, stock, ship lines with their notice), each
 * returning one JSON value; toItemStates maps them as loadItemStates does (tests/writer/prisma-store.test.ts
 * holds them equal).
 */
function itemStatesQueries(d: SqlDialect, customerId: string, inItems: InItems): [Prisma.Sql, Prisma.Sql, Prisma.Sql] {
  const ts = (column: string) => d.jsonTimestamp(Prisma.raw(`"${column}"`));
  // Stock and lines of ids that are not this customer's items are ignored by toItemStates.
  return [
    Prisma.sql`SELECT ${d.jsonArrayAgg([
      Prisma.sql`"id"`, Prisma.sql`"whiplashItemId"`, Prisma.sql`"sku"`, Prisma.sql`"receivedTotal"`, ts("firstReceivedAt"), Prisma.sql`"processOrders"`,
      Prisma.sql`"processOrdersSetBy"`, Prisma.sql`"syncSetting"`, Prisma.sql`"bufferOverride"`, ts("lastEventAt"), ts("processOrdersEventAt"), ts("settingsEventAt"),
      // Whiplash's include_inbound_in_published changes the quantity (rule 3.5, docs/decisions/0010).
      Prisma.sql`"whiplashIncludeInbound"`, Prisma.sql`"syncSettingSetBy"`, ts("syncSettingSetAt"), Prisma.sql`"whiplashSyncCode"`, ts("whiplashRulesAt"),
    ])} AS "rows" FROM "Item" WHERE "customerId" = ${customerId} AND ${inItems(Prisma.sql`"id"`)}`,
    Prisma.sql`SELECT ${d.jsonArrayAgg([Prisma.sql`"itemId"`, Prisma.sql`"warehouseId"`, Prisma.sql`"sellable"`])} AS "rows"
    FROM "ItemWarehouseStock" WHERE ${inItems(Prisma.sql`"itemId"`)}`,
    Prisma.sql`SELECT ${d.jsonArrayAgg([
      Prisma.sql`l."itemId"`, Prisma.sql`l."whiplashLineId"`, Prisma.sql`l."expected"`, Prisma.sql`l."receivedGood"`, Prisma.sql`l."damaged"`, Prisma.sql`l."publish"`,
      d.jsonTimestamp(Prisma.sql`l."lastEventAt"`), Prisma.sql`n."whiplashId"`, Prisma.sql`n."warehouseId"`, Prisma.sql`n."status"`,
    ])} AS "rows" FROM "ShipNoticeLine" l JOIN "ShipNotice" n ON n."id" = l."shipNoticeId" WHERE ${inItems(Prisma.sql`l."itemId"`)}`,
  ];
}

function toItemStates(items: ItemJson[], stock: StockJson[], lines: LineJson[]): Map<string, ItemState> {
  const out = new Map<string, ItemState>();
  const rows = new Map<string, ItemStateRow & Parameters<typeof toItemState>[0]>();
  for (const [id, whiplashItemId, sku, receivedTotal, firstReceivedAt, processOrders, setBy, syncSetting, bufferOverride, lastEventAt, poEventAt, settingsEventAt, includeInbound, syncSetBy, syncSetAt, syncCode, rulesAt] of items) {
    rows.set(id, {
      whiplashItemId: Number(whiplashItemId),
      sku,
      receivedTotal: Number(receivedTotal),
      firstReceivedAt: date(firstReceivedAt),
      processOrders: bool(processOrders),
      processOrdersSetBy: setBy as ProcessOrdersSetBy,
      syncSetting: syncSetting as ItemSyncSetting,
      bufferOverride: bufferOverride == null ? null : Number(bufferOverride),
      lastEventAt: date(lastEventAt),
      processOrdersEventAt: date(poEventAt),
      settingsEventAt: date(settingsEventAt),
      whiplashIncludeInbound: includeInbound == null ? null : bool(includeInbound),
      syncSettingSetBy: syncSetBy as ProcessOrdersSetBy,
      syncSettingSetAt: date(syncSetAt),
      whiplashSyncCode: syncCode == null ? null : Number(syncCode),
      whiplashRulesAt: date(rulesAt),
      stock: [],
      shipLines: [],
    });
  }
  for (const [itemId, warehouseId, sellable] of stock) rows.get(itemId)?.stock.push({ warehouseId: Number(warehouseId), sellable: Number(sellable) });
  for (const [itemId, whiplashLineId, expected, receivedGood, damaged, publish, lastEventAt, whiplashId, warehouseId, status] of lines) {
    rows.get(itemId)?.shipLines.push({
      whiplashLineId: Number(whiplashLineId),
      expected: Number(expected),
      receivedGood: Number(receivedGood),
      damaged: Number(damaged),
      publish: bool(publish),
      lastEventAt: date(lastEventAt),
      shipNotice: { whiplashId: Number(whiplashId), warehouseId: Number(warehouseId), status: Number(status) },
    });
  }
  for (const [id, row] of rows) out.set(id, toItemState(row));
  return out;
}

/** The items' links in the shop with the known quantity of each linked level. */
function linksWithLevelsQuery(d: SqlDialect, shopId: string, inItems: InItems): Prisma.Sql {
  return Prisma.sql`SELECT ${d.jsonArrayAgg([
    Prisma.sql`k."itemId"`, Prisma.sql`k."inventoryItemId"`, Prisma.sql`k."tracked"`, Prisma.sql`v."locationId"`, Prisma.sql`v."knownQuantity"`,
  ])} AS "rows"
    FROM "ItemLink" k LEFT JOIN "ShopifyLevel" v ON v."shopId" = k."shopId" AND v."inventoryItemId" = k."inventoryItemId"
    WHERE k."shopId" = ${shopId} AND ${inItems(Prisma.sql`k."itemId"`)}`;
}

function toLinksWithLevels(rows: LinkJson[]): Map<string, { link: ItemLinkState; known: Record<string, number | null> }> {
  const out = new Map<string, { link: ItemLinkState; known: Record<string, number | null> }>();
  for (const [itemId, inventoryItemId, tracked, locationId, knownQuantity] of rows) {
    let entry = out.get(itemId);
    if (!entry) {
      entry = { link: { inventoryItemId, tracked: bool(tracked) }, known: {} };
      out.set(itemId, entry);
    }
    if (locationId != null) entry.known[locationId] = knownQuantity == null ? null : Number(knownQuantity);
  }
  return out;
}

/**
 * Units in flight per item and location (what in-flight-orders.ts unitsInFlightByItem returns, held equal
 * by tests/writer/prisma-store.test.ts), as one query: through Prisma's groupBy it cost the writer a Prisma
 * query (its compiler and result mapping) per batch.
 */
function unitsInFlightQuery(d: SqlDialect, shopId: string, inItems: InItems): Prisma.Sql {
  return Prisma.sql`SELECT ${d.jsonArrayAgg([Prisma.sql`s."itemId"`, Prisma.sql`s."locationId"`, Prisma.sql`s."units"`])} AS "rows"
    FROM (SELECT "itemId", "locationId", SUM("units") AS "units" FROM "InFlightLine"
      WHERE "shopId" = ${shopId} AND ${inItems(Prisma.sql`"itemId"`)} GROUP BY "itemId", "locationId") s
    WHERE s."units" > 0`;
}

function toUnitsInFlight(rows: InFlightJson[]): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const [itemId, locationId, units] of rows) {
    const entry = out.get(itemId) ?? {};
    entry[locationId] = Number(units);
    out.set(itemId, entry);
  }
  return out;
}

// The batch's rows go in as one JSON parameter per statement (dialect.jsonRows): a multi-row VALUES
// list through Prisma cost ~36 µs per SyncLog row, almost all of it per-parameter overhead; this costs
// what SQLite's own insert does (~8 µs, mostly the table's three indexes).
function insertSyncLogs(d: SqlDialect, shopId: string, rows: SyncLogInput[], at: Date): Prisma.Sql {
  const json = JSON.stringify(
    rows.map((r) => [r.itemId, r.locationId, r.trigger, r.decision, r.reason, r.quantityBefore ?? null, r.quantityAfter ?? null, r.error ?? null, r.runId ?? null]),
  );
  return Prisma.sql`INSERT INTO "SyncLog" ("shopId", "itemId", "locationId", "trigger", "decision", "reason", "quantityBefore", "quantityAfter", "error", "runId", "createdAt")
    SELECT ${d.text(shopId)}, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3, j.value ->> 4,
      CAST(j.value ->> 5 AS INTEGER), CAST(j.value ->> 6 AS INTEGER), j.value ->> 7, j.value ->> 8, ${d.timestamp(at)}
    FROM ${d.jsonRows(json)} j`;
}

function upsertWrittenLevels(d: SqlDialect, shopId: string, written: Extract<SyncOutcome, { kind: "written" }>[], at: Date): Prisma.Sql {
  // One row per level (the last write wins): an upsert may not touch the same row twice.
  const levels = new Map(written.map((o) => [`${o.inventoryItemId}\u0000${o.row.locationId}`, [o.inventoryItemId, o.row.locationId, o.quantity]]));
  const json = JSON.stringify([...levels.values()]);
  // "WHERE true": SQLite needs it to tell the upsert's ON CONFLICT from a join's ON.
  return Prisma.sql`INSERT INTO "ShopifyLevel" ("shopId", "inventoryItemId", "locationId", "knownQuantity", "knownAt", "writtenQuantity", "writtenAt")
    SELECT ${d.text(shopId)}, j.value ->> 0, j.value ->> 1, CAST(j.value ->> 2 AS INTEGER), ${d.timestamp(at)}, CAST(j.value ->> 2 AS INTEGER), ${d.timestamp(at)}
    FROM ${d.jsonRows(json)} j WHERE true
    ON CONFLICT ("shopId", "inventoryItemId", "locationId") DO UPDATE SET
      "knownQuantity" = excluded."knownQuantity", "knownAt" = excluded."knownAt",
      "writtenQuantity" = excluded."writtenQuantity", "writtenAt" = excluded."writtenAt"`;
}

/**
 * What a batch does to its items' ItemSyncError rows: a failure's error wins over a success of the same
 * item in the same batch, and of several failures of one item the last group's (record() applied one
 * UPDATE per error text, in this order, before the error moved out of ItemLink). Items are sorted so
 * concurrent PostgreSQL batches tend to lock shared rows in one order.
 */
function syncErrorChanges(
  written: Extract<SyncOutcome, { kind: "written" }>[],
  failed: Extract<SyncOutcome, { kind: "failed" }>[],
): { cleared: string[]; errors: [string, string][] } {
  const errors = new Map<string, string>();
  for (const [error, group] of groupBy(failed, (o) => `${o.code}: ${o.message}`)) {
    for (const o of group) errors.set(o.row.itemId, error);
  }
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const cleared = [...new Set(written.map((o) => o.row.itemId))].filter((id) => !errors.has(id)).sort(byId);
  return { cleared, errors: [...errors].sort(([a], [b]) => byId(a, b)) };
}

/** A success clears the item's error: in the common case there is none, and this is one index probe per item. */
function deleteSyncErrors(d: SqlDialect, shopId: string, itemIds: string[]): Prisma.Sql {
  return Prisma.sql`DELETE FROM "ItemSyncError" WHERE "shopId" = ${d.text(shopId)} AND ${d.inJsonList(Prisma.sql`"itemId"`, JSON.stringify(itemIds))}`;
}

/** The items' last errors, for linked items only (the row belongs to the link, as the error column did). */
function upsertSyncErrors(d: SqlDialect, shopId: string, errors: [string, string][], at: Date): Prisma.Sql {
  const ids = JSON.stringify(errors.map(([itemId]) => itemId));
  return Prisma.sql`INSERT INTO "ItemSyncError" ("shopId", "itemId", "error", "at")
    SELECT k."shopId", k."itemId", j.value ->> 1, ${d.timestamp(at)}
    FROM ${d.jsonRows(JSON.stringify(errors))} j JOIN "ItemLink" k ON k."shopId" = ${d.text(shopId)} AND k."itemId" = j.value ->> 0
    WHERE ${d.inJsonList(Prisma.sql`k."itemId"`, ids)}
    ON CONFLICT ("shopId", "itemId") DO UPDATE SET "error" = excluded."error", "at" = excluded."at"`;
}

function logRow(shopId: string, runId: string, o: SyncOutcome, at: Date): SyncLogInput {
  // A bulk or manual sync's own run id, so its per-item results can be listed; else this writer run.
  // Each row is one object literal: spreading a shared base object into each (as this did) made
  // building a 250-row batch's statement 5-8 times slower, with as much again in garbage collection.
  const { itemId, locationId, trigger } = o.row;
  const run = o.row.runId ?? runId;
  switch (o.kind) {
    case "written":
      return { shopId, itemId, locationId, trigger, runId: run, createdAt: at, decision: "SYNCED", reason: o.reason, quantityBefore: o.before, quantityAfter: o.quantity };
    case "skipped":
      return { shopId, itemId, locationId, trigger, runId: run, createdAt: at, decision: "SKIPPED", reason: o.reason, quantityAfter: o.quantity };
    case "failed":
      return { shopId, itemId, locationId, trigger, runId: run, createdAt: at, decision: "FAILED", reason: o.code, quantityAfter: o.quantity, error: `${o.code}: ${o.message}` };
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

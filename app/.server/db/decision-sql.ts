// Item-list filters on the sync decision, expressed as SQL without re-stating the rules: the decision of
// rule 3.2 depends only on the shop's switch, the customer default, and three columns of an item row
// (item Sync Inventory setting, Process Orders, Shopify "track quantity"). We enumerate those 16
// combinations, ask the domain core (syncTarget, the function the writer obeys) what each one decides,
// and turn the answer into a WHERE clause. Change a rule in app/domain and these filters follow.
// NO_LOCATION is not a column combination (it depends on the item's warehouses and the shop's mapping):
// the filters judge an item that maps to a location, and NO_LOCATION is not one of the list's reasons.
//
// The quantity used by the "mismatch" filter (rule 3.5 per location, less units in flight, rule 3.9) cannot be enumerated, so it is written
// in SQL here and proven equal to syncTarget's per-location quantities (through the row view) by a property
// test (tests/views/decision-sql.property.test.ts).
import { Prisma } from "@prisma/client";
import { sqliteDialect, type SqlDialect } from "./dialect";
import {
  effectiveSetting,
  ITEM_SYNC_SETTINGS,
  newItemState,
  syncTarget,
  type CustomerPrefs,
  type Decision,
  type ItemSyncSetting,
  type ShopPrefs,
  type SkipReason,
  type SyncReason,
  type SyncTrigger,
} from "../../domain";
import { DECISION_FILTERS, LIST_REASONS, type DecisionFilter, type ListReason } from "../../shared/item-filters";

// Compile-time check: every list reason is a domain reason.
const _reasonsAreDomainReasons: readonly (SkipReason | SyncReason)[] = LIST_REASONS;
void _reasonsAreDomainReasons;

/** The trigger the list judges items by: what the next warehouse event would do (not a sell-out, not forced). */
export const LIST_TRIGGER: SyncTrigger = "WEBHOOK";

export { LIST_REASONS, DECISION_FILTERS, type ListReason, type DecisionFilter };

export interface RowCombo {
  syncSetting: ItemSyncSetting;
  processOrders: boolean;
  tracked: boolean;
}

export function allCombos(): RowCombo[] {
  const out: RowCombo[] = [];
  for (const syncSetting of ITEM_SYNC_SETTINGS)
    for (const processOrders of [false, true]) for (const tracked of [false, true]) out.push({ syncSetting, processOrders, tracked });
  return out;
}

/** Stands for "a location" when the shop has no default yet: the combinations are judged at a location. */
const SOME_LOCATION = "combo-location";

/**
 * The domain's decision for a matched item with these columns (everything else does not matter to 3.2),
 * at a location: the item has no warehouse yet, so it maps to the shop's default location.
 */
export function decisionForCombo(shop: ShopPrefs, customer: CustomerPrefs, combo: RowCombo): Decision {
  const item = { ...newItemState({ whiplashItemId: 0, sku: "" }), syncSetting: combo.syncSetting, processOrders: combo.processOrders };
  const atALocation: ShopPrefs = { ...shop, defaultLocationId: shop.defaultLocationId ?? SOME_LOCATION };
  const link = { inventoryItemId: "", tracked: combo.tracked };
  return syncTarget({ shop: atALocation, customer, item, link, trigger: LIST_TRIGGER }).decision;
}

export function decisionMatches(decision: Decision, filter: DecisionFilter): boolean {
  if (filter === "SYNC") return decision.kind === "sync";
  if (filter === "SKIP") return decision.kind === "skip";
  return decision.reason === filter;
}

/**
 * WHERE fragment selecting matched items whose decision matches `filter`. `i` is the Item alias and `l`
 * the ItemLink alias. Returns a false condition when no combination matches.
 */
export function decisionWhere(shop: ShopPrefs, customer: CustomerPrefs, filter: DecisionFilter): Prisma.Sql {
  const combos = allCombos().filter((c) => decisionMatches(decisionForCombo(shop, customer, c), filter));
  return combosWhere(combos);
}

export function combosWhere(combos: RowCombo[]): Prisma.Sql {
  if (combos.length === 0) return Prisma.sql`1 = 0`;
  if (combos.length === allCombos().length) return Prisma.sql`1 = 1`;
  const parts = combos.map(
    (c) =>
      Prisma.sql`(i."syncSetting" = ${c.syncSetting} AND i."processOrders" = ${c.processOrders} AND l."tracked" = ${c.tracked})`,
  );
  return Prisma.sql`(${Prisma.join(parts, " OR ")})`;
}

/** Item settings whose effective setting is NEVER under this customer default (rule 3.1, from the domain). */
export function settingsEffectivelyNever(customer: CustomerPrefs): ItemSyncSetting[] {
  return ITEM_SYNC_SETTINGS.filter((s) => effectiveSetting(s, customer.defaultSyncSetting) === "NEVER");
}

/** Item settings whose effective setting is ALWAYS under this customer default. */
export function settingsEffectivelyAlways(customer: CustomerPrefs): ItemSyncSetting[] {
  return ITEM_SYNC_SETTINGS.filter((s) => effectiveSetting(s, customer.defaultSyncSetting) === "ALWAYS");
}

// ---------------------------------------------------------------------------------------------------
// Mismatch: Shopify shows (as far as we know) a different quantity than rule 3.5 would publish, at a
// location the item is published to.
// ---------------------------------------------------------------------------------------------------

/** SQL expression: the Shopify location a warehouse id (SQL expression) publishes to, from the shop's mapping. */
function locationOf(shop: ShopPrefs, warehouseExpr: Prisma.Sql): Prisma.Sql {
  const mapped = Object.entries(shop.warehouseLocations);
  const fallback = shop.defaultLocationId === null ? Prisma.sql`NULL` : Prisma.sql`${shop.defaultLocationId}`;
  if (mapped.length === 0) return fallback;
  const whens = mapped.map(([w, loc]) => Prisma.sql`WHEN ${Number(w)} THEN ${loc}`);
  return Prisma.sql`(CASE ${warehouseExpr} ${Prisma.join(whens, " ")} ELSE ${fallback} END)`;
}

const COMPLETED_STATUS = 300;

/** A ship-notice line's open inbound quantity: max(0, max(expected,0) - max(received,0) - max(damaged,0)). */
function openInbound(d: SqlDialect): Prisma.Sql {
  const zero = Prisma.sql`0`;
  const nonNegative = (column: string) => d.greatest(Prisma.raw(`sl."${column}"`), zero);
  return d.greatest(zero, Prisma.sql`${nonNegative("expected")} - ${nonNegative("receivedGood")} - ${nonNegative("damaged")}`);
}

/**
 * The quantity rule 3.5 publishes for item `i` at location expression `loc` (sellable at the warehouses
 * mapped there + published, open, not-yet-received inbound unless effectively NEVER or Whiplash's
 * include_inbound_in_published is off - buffer, floored at 0).
 */
export function publishQuantitySql(shop: ShopPrefs, customer: CustomerPrefs, loc: Prisma.Sql, d: SqlDialect = sqliteDialect): Prisma.Sql {
  const zero = Prisma.sql`0`;
  const never = settingsEffectivelyNever(customer);
  const neverCond = never.length ? Prisma.sql`i."syncSetting" IN (${Prisma.join(never)})` : Prisma.sql`1 = 0`;
  // Standard setup: everything publishes to the one location `loc` stands for.
  const single = Object.keys(shop.warehouseLocations).length === 0;
  const atStock = single ? Prisma.empty : Prisma.sql`AND ${locationOf(shop, Prisma.sql`s."warehouseId"`)} = ${loc}`;
  const atLine = single ? Prisma.empty : Prisma.sql`AND ${locationOf(shop, Prisma.sql`sn."warehouseId"`)} = ${loc}`;
  const sellable = Prisma.sql`(SELECT COALESCE(SUM(${d.greatest(Prisma.sql`s."sellable"`, zero)}), 0) FROM "ItemWarehouseStock" s
      WHERE s."itemId" = i."id" ${atStock})`;
  const inbound = Prisma.sql`(SELECT COALESCE(SUM(${openInbound(d)}), 0)
      FROM "ShipNoticeLine" sl JOIN "ShipNotice" sn ON sn."id" = sl."shipNoticeId"
      WHERE sl."itemId" = i."id" AND sl."publish" = TRUE AND sn."status" < ${COMPLETED_STATUS} ${atLine})`;
  const buffer = d.greatest(Prisma.sql`COALESCE(i."bufferOverride", ${d.int(customer.defaultBuffer)})`, zero);
  // Whiplash's include_inbound_in_published off: no inbound at all (docs/decisions/0010, as quantityToPublish).
  const noInbound = Prisma.sql`(${neverCond} OR i."whiplashIncludeInbound" = FALSE)`;
  return d.greatest(zero, Prisma.sql`${sellable} + (CASE WHEN ${noInbound} THEN 0 ELSE ${inbound} END) - ${buffer}`);
}

/** Whether the item publishes to location expression `loc` (one of syncTarget's locations for the item). */
function publishesTo(shop: ShopPrefs, loc: Prisma.Sql): Prisma.Sql {
  // Standard setup (no explicit mapping): every warehouse, and an item without any, publishes to the default.
  if (Object.keys(shop.warehouseLocations).length === 0) {
    return shop.defaultLocationId === null ? Prisma.sql`1 = 0` : Prisma.sql`${loc} = ${shop.defaultLocationId}`;
  }
  const stockAt = Prisma.sql`EXISTS (SELECT 1 FROM "ItemWarehouseStock" s WHERE s."itemId" = i."id"
      AND ${locationOf(shop, Prisma.sql`s."warehouseId"`)} = ${loc})`;
  const linesAt = Prisma.sql`EXISTS (SELECT 1 FROM "ShipNoticeLine" sl JOIN "ShipNotice" sn ON sn."id" = sl."shipNoticeId"
      WHERE sl."itemId" = i."id" AND ${locationOf(shop, Prisma.sql`sn."warehouseId"`)} = ${loc})`;
  const noWarehouses = Prisma.sql`(NOT EXISTS (SELECT 1 FROM "ItemWarehouseStock" s WHERE s."itemId" = i."id")
      AND NOT EXISTS (SELECT 1 FROM "ShipNoticeLine" sl WHERE sl."itemId" = i."id"))`;
  const atDefault =
    shop.defaultLocationId === null ? Prisma.sql`1 = 0` : Prisma.sql`(${noWarehouses} AND ${loc} = ${shop.defaultLocationId})`;
  return Prisma.sql`(${stockAt} OR ${linesAt} OR ${atDefault})`;
}

/** A filter that needs more than a WHERE condition: common table expressions and joins (1:1 per item). */
export interface SqlFilter {
  /** "name AS (...)" entries for a WITH clause. */
  ctes: Prisma.Sql[];
  /** JOIN clauses after "ItemLink l JOIN Item i". */
  joins: Prisma.Sql[];
  where: Prisma.Sql;
}

/** Some published location shows a known Shopify quantity different from rule 3.5's. */
export function mismatchFilter(
  shop: ShopPrefs,
  customer: CustomerPrefs,
  scope: { shopId: string; customerId: string },
  d: SqlDialect = sqliteDialect,
): SqlFilter {
  const { shopId, customerId } = scope;
  if (Object.keys(shop.warehouseLocations).length === 0) {
    if (shop.defaultLocationId === null) return { ctes: [], joins: [], where: Prisma.sql`1 = 0` };
    // Standard setup (one location): the level is one covering-index probe per item, and the published
    // inbound quantities are aggregated once for the customer (few items have open published lines) instead
    // of a correlated subquery per item. Same rule as publishQuantitySql; the property test covers both.
    const never = settingsEffectivelyNever(customer);
    const neverCond = never.length ? Prisma.sql`i."syncSetting" IN (${Prisma.join(never)})` : Prisma.sql`1 = 0`;
    const inbound = Prisma.sql`"mm_inbound" AS MATERIALIZED (
        SELECT sl."itemId" AS "itemId", SUM(${openInbound(d)}) AS q
        FROM "ShipNoticeLine" sl JOIN "ShipNotice" sn ON sn."id" = sl."shipNoticeId"
        WHERE sl."publish" = TRUE AND sn."status" < ${COMPLETED_STATUS} AND sn."customerId" = ${customerId}
        GROUP BY sl."itemId")`;
    // Units in open orders Whiplash has not imported (rule 3.9), aggregated once for the shop like inbound.
    const inFlight = Prisma.sql`"mm_inflight" AS MATERIALIZED (
        SELECT f."itemId" AS "itemId", SUM(f."units") AS q FROM "InFlightLine" f
        WHERE f."shopId" = ${shopId} AND f."locationId" = ${shop.defaultLocationId}
        GROUP BY f."itemId")`;
    const publish = d.greatest(
      Prisma.sql`0`,
      Prisma.sql`(SELECT COALESCE(SUM(${d.greatest(Prisma.sql`s."sellable"`, Prisma.sql`0`)}), 0) FROM "ItemWarehouseStock" s WHERE s."itemId" = i."id")
          + (CASE WHEN ${neverCond} OR i."whiplashIncludeInbound" = FALSE THEN 0 ELSE COALESCE(mm_ib.q, 0) END)
          - ${d.greatest(Prisma.sql`COALESCE(i."bufferOverride", ${d.int(customer.defaultBuffer)})`, Prisma.sql`0`)}`,
    );
    return {
      ctes: [inbound, inFlight],
      joins: [
        Prisma.sql`JOIN "ShopifyLevel" mm_lv ON mm_lv."shopId" = l."shopId" AND mm_lv."inventoryItemId" = l."inventoryItemId" AND mm_lv."locationId" = ${shop.defaultLocationId}`,
        Prisma.sql`LEFT JOIN "mm_inbound" mm_ib ON mm_ib."itemId" = i."id"`,
        Prisma.sql`LEFT JOIN "mm_inflight" mm_if ON mm_if."itemId" = i."id"`,
      ],
      where: Prisma.sql`mm_lv."knownQuantity" IS NOT NULL AND mm_lv."knownQuantity" <> ${afterOrdersSql(publish, Prisma.sql`COALESCE(mm_if.q, 0)`, d)}`,
    };
  }
  const loc = Prisma.sql`lv."locationId"`;
  return {
    ctes: [],
    joins: [],
    where: Prisma.sql`EXISTS (SELECT 1 FROM "ShopifyLevel" lv
      WHERE lv."shopId" = l."shopId" AND lv."inventoryItemId" = l."inventoryItemId" AND lv."knownQuantity" IS NOT NULL
        AND ${publishesTo(shop, loc)}
        AND lv."knownQuantity" <> ${afterOrdersSql(publishQuantitySql(shop, customer, loc, d), inFlightAtSql(loc), d)})`,
  };
}

/** Units in open orders Whiplash has not imported (rule 3.9) of item `i` in link `l`'s shop at location `loc`. */
function inFlightAtSql(loc: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT COALESCE(SUM(f."units"), 0) FROM "InFlightLine" f
      WHERE f."shopId" = l."shopId" AND f."itemId" = i."id" AND f."locationId" = ${loc})`;
}

/** Rule 3.9 as availableAfterOrders: what rule 3.5 publishes less the units in flight, never below 0. */
function afterOrdersSql(publish: Prisma.Sql, unitsInFlight: Prisma.Sql, d: SqlDialect): Prisma.Sql {
  return d.greatest(Prisma.sql`0`, Prisma.sql`${publish} - ${d.greatest(Prisma.sql`0`, unitsInFlight)}`);
}

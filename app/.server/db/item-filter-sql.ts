// The Items page's filters as SQL over a shop's matched items (ItemLink l x Item i), shared by the page's
// queries (item-list-queries.ts) and bulk runs on "all matching items". Filters on the decision come
// from the domain core (decision-sql.ts).
import { Prisma, type PrismaClient } from "@prisma/client";
import type { ItemListQuery } from "../../shared/item-list-query";
import { decisionWhere, mismatchFilter, type SqlFilter } from "./decision-sql";
import { dialectOf, sqliteDialect, type SqlDialect } from "./dialect";
import type { ConnectedScope } from "./shop-scope";

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The shop's matched items under the query's filters (aliases: l = ItemLink, i = Item): WHERE conditions, plus
 * the CTEs and 1:1 joins some filters need. Use `from()`/`withClause()` to place them.
 */
export function itemFilter(scope: ConnectedScope, query: Partial<ItemListQuery>, dialect: SqlDialect = sqliteDialect): SqlFilter {
  const conditions: Prisma.Sql[] = [Prisma.sql`l."shopId" = ${scope.shopId}`, Prisma.sql`i."customerId" = ${scope.customer.id}`];
  const ctes: Prisma.Sql[] = [];
  const joins: Prisma.Sql[] = [];
  if (query.q) {
    const like = likePattern(query.q);
    // Case-insensitive search: SQLite's LIKE already is (ASCII), PostgreSQL's is ILIKE.
    const op = Prisma.raw(dialect.name === "postgresql" ? "ILIKE" : "LIKE");
    conditions.push(
      Prisma.sql`(i."sku" ${op} ${like} ESCAPE '\\' OR l."productTitle" ${op} ${like} ESCAPE '\\' OR l."variantTitle" ${op} ${like} ESCAPE '\\' OR i."title" ${op} ${like} ESCAPE '\\')`,
    );
  }
  if (query.setting) conditions.push(Prisma.sql`i."syncSetting" = ${query.setting}`);
  // Booleans as parameters: 1/0 on SQLite, true/false on PostgreSQL (the driver adapters convert).
  if (query.po) conditions.push(Prisma.sql`i."processOrders" = ${query.po === "on"}`);
  if (query.received === "yes") conditions.push(Prisma.sql`(i."firstReceivedAt" IS NOT NULL OR i."receivedTotal" > 0)`);
  if (query.received === "no") conditions.push(Prisma.sql`(i."firstReceivedAt" IS NULL AND i."receivedTotal" <= 0)`);
  if (query.reason) conditions.push(decisionWhere(scope.prefs, scope.customerPrefs, query.reason));
  if (query.mismatch) {
    const m = mismatchFilter(scope.prefs, scope.customerPrefs, { shopId: scope.shopId, customerId: scope.customer.id }, dialect);
    ctes.push(...m.ctes);
    joins.push(...m.joins);
    conditions.push(m.where);
  }
  // The item's last write failed: it has an error row (ItemSyncError, one primary-key probe per link).
  if (query.error) conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "ItemSyncError" e WHERE e."shopId" = l."shopId" AND e."itemId" = l."itemId")`);
  return { ctes, joins, where: Prisma.join(conditions, " AND ") };
}

/** "WITH a AS (...), b AS (...)" for the filter's CTEs plus `extra` ones (empty when there are none). */
export function withClause(filter: SqlFilter, extra: Prisma.Sql[] = []): Prisma.Sql {
  const all = [...filter.ctes, ...extra];
  return all.length ? Prisma.sql`WITH ${Prisma.join(all, ", ")}` : Prisma.empty;
}

/** "ItemLink l JOIN Item i ON ..." with the filter's joins. */
export function from(
  filter: SqlFilter,
  order: "link-first" | "item-first" = "link-first",
  shopId?: string,
  dialect: SqlDialect = sqliteDialect,
): Prisma.Sql {
  const joins = filter.joins.length ? Prisma.join(filter.joins, " ") : Prisma.empty;
  if (order === "item-first") {
    // CROSS JOIN fixes the loop order in SQLite: walk Item(customerId, sku) and stop after the page.
    // PostgreSQL's planner picks the order itself (and its CROSS JOIN takes no ON).
    const join = Prisma.raw(dialect.name === "sqlite" ? "CROSS JOIN" : "JOIN");
    return Prisma.sql`"Item" i ${join} "ItemLink" l ON l."shopId" = ${shopId} AND l."itemId" = i."id" ${joins}`;
  }
  return Prisma.sql`"ItemLink" l JOIN "Item" i ON i."id" = l."itemId" ${joins}`;
}

/**
 * Item ids matching the query's filters, in id order, `take` at a time after `after` (keyset): how bulk
 * actions on "all matching items" walk a big selection without loading it at once.
 */
export async function matchingItemIds(
  prisma: PrismaClient,
  scope: ConnectedScope,
  query: Partial<ItemListQuery>,
  options: { after?: string | null; take: number },
): Promise<{ itemId: string; sku: string }[]> {
  const filter = itemFilter(scope, query, dialectOf(prisma));
  const after = options.after ? Prisma.sql`AND i."id" > ${options.after}` : Prisma.empty;
  return prisma.$queryRaw<{ itemId: string; sku: string }[]>`
    ${withClause(filter)} SELECT i."id" AS "itemId", i."sku" FROM ${from(filter)}
    WHERE ${filter.where} ${after}
    ORDER BY i."id" ASC LIMIT ${options.take}`;
}

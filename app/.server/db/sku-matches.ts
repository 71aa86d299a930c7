// The result of SKU matching for one shop (catalog/match-skus.ts): its item links and its match issues,
// saved in chunks (see saveShopMatches for why not in one transaction).
import type { MatchIssueKind, PrismaClient } from "@prisma/client";
import type { Db } from "./db-types";

export interface MatchedLink {
  itemId: string;
  productId: string;
  variantId: string;
  inventoryItemId: string;
  productTitle: string;
  variantTitle: string;
  tracked: boolean;
}

export interface MatchIssueInput {
  sku: string;
  kind: MatchIssueKind;
  detail: unknown;
}

/** The shop's current links: item id -> inventory item id. */
export async function linkedInventoryItemByItem(prisma: Db, shopId: string): Promise<Map<string, string>> {
  const existing = await prisma.itemLink.findMany({ where: { shopId }, select: { itemId: true, inventoryItemId: true } });
  return new Map(existing.map((l) => [l.itemId, l.inventoryItemId]));
}

/** Rows per statement: well under SQLite's bound-parameter limit, short enough to never hold the writer. */
const CHUNK = 1_000;

function chunks<T>(list: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

const LINK_FIELDS = ["productId", "variantId", "inventoryItemId", "productTitle", "variantTitle", "tracked"] as const;

/**
 * Replaces the shop's links with `links` (links of items not in it are removed, and so are those in
 * `relinkedItemIds`, whose variant changed) and its match issues with `issues`.
 *
 * Written in chunks, not one transaction: a catalog of 100,000 variants would hold SQLite's write lock
 * (and Prisma's interactive-transaction timeout) for the whole save. Each step is idempotent, so a crash
 * part-way is repaired by the next matching run; meanwhile the Items page may briefly show a mix of the
 * old and new links. Order matters: links that no longer hold are deleted first, so a variant moving
 * between items never hits the (shopId, inventoryItemId) unique key; only new or changed links are
 * written (a re-match of an unchanged catalog writes nothing).
 */
export async function saveShopMatches(
  prisma: PrismaClient,
  shopId: string,
  links: readonly MatchedLink[],
  relinkedItemIds: readonly string[],
  issues: readonly MatchIssueInput[],
): Promise<void> {
  const wanted = new Map(links.map((l) => [l.itemId, l]));
  const relinked = new Set(relinkedItemIds);
  const existing = await prisma.itemLink.findMany({
    where: { shopId },
    select: { itemId: true, productId: true, variantId: true, inventoryItemId: true, productTitle: true, variantTitle: true, tracked: true },
  });
  const drop = existing.filter((l) => !wanted.has(l.itemId) || relinked.has(l.itemId)).map((l) => l.itemId);
  for (const part of chunks(drop)) await prisma.itemLink.deleteMany({ where: { shopId, itemId: { in: part } } });

  const kept = new Map(existing.filter((l) => wanted.has(l.itemId) && !relinked.has(l.itemId)).map((l) => [l.itemId, l]));
  const create: MatchedLink[] = [];
  const update: MatchedLink[] = [];
  for (const link of links) {
    const before = kept.get(link.itemId);
    if (!before) create.push(link);
    else if (LINK_FIELDS.some((f) => before[f] !== link[f])) update.push(link);
  }
  for (const part of chunks(create)) await prisma.itemLink.createMany({ data: part.map((l) => ({ shopId, ...l })) });
  for (const part of chunks(update, 200)) {
    await prisma.$transaction(part.map(({ itemId, ...data }) => prisma.itemLink.update({ where: { shopId_itemId: { shopId, itemId } }, data })));
  }

  await prisma.matchIssue.deleteMany({ where: { shopId } });
  for (const part of chunks(issues)) {
    await prisma.matchIssue.createMany({ data: part.map((i) => ({ shopId, sku: i.sku, kind: i.kind, detail: JSON.stringify(i.detail) })) });
  }
}

/** One page of the shop's match issues (by SKU), the filtered total, and the count per kind (unfiltered). */
export async function pageMatchIssues(
  prisma: Db,
  shopId: string,
  options: { kind?: MatchIssueKind; q?: string; page?: number; pageSize: number },
) {
  const { pageSize } = options;
  const where = { shopId, ...(options.kind ? { kind: options.kind } : {}), ...(options.q ? { sku: { contains: options.q } } : {}) };
  const [rows, total, groups] = await Promise.all([
    prisma.matchIssue.findMany({ where, orderBy: [{ sku: "asc" }, { kind: "asc" }], take: pageSize, skip: ((options.page ?? 1) - 1) * pageSize }),
    prisma.matchIssue.count({ where }),
    prisma.matchIssue.groupBy({ by: ["kind"], where: { shopId }, _count: { _all: true } }),
  ]);
  const countByKind = new Map(groups.map((g) => [g.kind, g._count._all]));
  return { rows, total, countByKind };
}

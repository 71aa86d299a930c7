// The result of SKU matching for one shop (catalog/match-skus.ts): its item links and its match issues,
// replaced together in one transaction so the Items page never sees links from one run and issues
// from another.
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

/**
 * Replaces the shop's links with `links` (links of items not in it are removed, and so are those in
 * `relinkedItemIds`, whose variant changed) and its match issues with `issues`.
 */
export async function saveShopMatches(
  prisma: PrismaClient,
  shopId: string,
  links: readonly MatchedLink[],
  relinkedItemIds: readonly string[],
  issues: readonly MatchIssueInput[],
): Promise<void> {
  const keep = new Set(links.map((l) => l.itemId));
  await prisma.$transaction(async (tx) => {
    // Drop links that no longer hold first, so a variant moving between items never hits the
    // (shopId, inventoryItemId) unique key.
    await tx.itemLink.deleteMany({
      where: {
        shopId,
        OR: [{ itemId: { notIn: [...keep] } }, { itemId: { in: [...relinkedItemIds] } }],
      },
    });
    for (const { itemId, ...data } of links) {
      await tx.itemLink.upsert({
        where: { shopId_itemId: { shopId, itemId } },
        create: { shopId, itemId, ...data },
        update: data,
      });
    }
    await tx.matchIssue.deleteMany({ where: { shopId } });
    if (issues.length > 0) {
      await tx.matchIssue.createMany({
        data: issues.map((i) => ({ shopId, sku: i.sku, kind: i.kind, detail: JSON.stringify(i.detail) })),
      });
    }
  });
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

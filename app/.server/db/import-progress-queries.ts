// What the first-import progress (views/import-progress.ts) counts while the import runs: the customer's
// items read from Whiplash so far (the import saves them one by one), and this shop's matched items and
// unmatched SKUs (written when matching finishes).
import type { PrismaClient } from "@prisma/client";

export interface ImportCounts {
  itemsRead: number;
  matched: number;
  unmatched: number;
}

export async function importCounts(prisma: PrismaClient, shopId: string, customerId: string): Promise<ImportCounts> {
  const [itemsRead, matched, unmatched] = await Promise.all([
    prisma.item.count({ where: { customerId } }),
    prisma.itemLink.count({ where: { shopId } }),
    prisma.matchIssue.count({ where: { shopId, kind: "UNMATCHED_SKU" } }),
  ]);
  return { itemsRead, matched, unmatched };
}

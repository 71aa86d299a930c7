// The app's saved item filters (Items page "Save filter"): a name and the canonical query string.
// Every query is scoped by shop.
import type { PrismaClient } from "@prisma/client";

export interface SavedItemFilterRecord {
  id: string;
  name: string;
  query: string;
}

const FIELDS = { id: true, name: true, query: true } as const;

export async function listSavedItemFilters(prisma: PrismaClient, shopId: string): Promise<SavedItemFilterRecord[]> {
  return prisma.savedItemFilter.findMany({ where: { shopId }, orderBy: { name: "asc" }, select: FIELDS });
}

export async function findSavedItemFilter(prisma: PrismaClient, shopId: string, id: string): Promise<SavedItemFilterRecord | null> {
  return prisma.savedItemFilter.findFirst({ where: { id, shopId }, select: FIELDS });
}

/** Saves under `name`, replacing the query of a filter of the same name in this shop. */
export async function upsertSavedItemFilter(prisma: PrismaClient, shopId: string, name: string, query: string): Promise<SavedItemFilterRecord> {
  return prisma.savedItemFilter.upsert({
    where: { shopId_name: { shopId, name } },
    create: { shopId, name, query },
    update: { query },
    select: FIELDS,
  });
}

/** True when the shop had a filter with this id. */
export async function deleteSavedItemFilter(prisma: PrismaClient, shopId: string, id: string): Promise<boolean> {
  return (await prisma.savedItemFilter.deleteMany({ where: { id, shopId } })).count > 0;
}

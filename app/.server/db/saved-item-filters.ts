// The app's saved item filters (Items page "Save filter"), scoped by shop: the lookup a bulk run makes.
import type { PrismaClient } from "@prisma/client";

export interface SavedItemFilterRecord {
  id: string;
  name: string;
  /** The filter as list query parameters (app/shared/item-list-query.ts). */
  query: string;
}

export function findSavedItemFilter(prisma: PrismaClient, shopId: string, id: string): Promise<SavedItemFilterRecord | null> {
  return prisma.savedItemFilter.findFirst({ where: { id, shopId }, select: { id: true, name: true, query: true } });
}

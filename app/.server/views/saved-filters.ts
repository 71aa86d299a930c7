// The app's own saved item filters (Items page "Save filter"), a source for bulk actions next to Shopify's
// saved product searches. Scoped by shop.
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import {
  deleteSavedItemFilter,
  findSavedItemFilter,
  listSavedItemFilters,
  upsertSavedItemFilter,
  type SavedItemFilterRecord,
} from "../db/saved-item-filters";
import { describeFilters, filterParams, hasFilters, parseItemListQuery } from "./item-list";
import { fieldErrorsOf, type FieldErrors } from "../../shared/form-errors";

export interface SavedFilterView {
  id: string;
  name: string;
  query: string;
  description: string;
}

function toView(r: SavedItemFilterRecord): SavedFilterView {
  return { id: r.id, name: r.name, query: r.query, description: describeFilters(parseItemListQuery(new URLSearchParams(r.query))) };
}

export async function listSavedFilters(prisma: PrismaClient, shopId: string): Promise<SavedFilterView[]> {
  return (await listSavedItemFilters(prisma, shopId)).map(toView);
}

export async function getSavedFilter(prisma: PrismaClient, shopId: string, id: string): Promise<SavedFilterView | null> {
  const r = await findSavedItemFilter(prisma, shopId, id);
  return r ? toView(r) : null;
}

const SaveFilterForm = z.object({
  name: z.string().trim().min(1, "Give the filter a name.").max(80, "Use at most 80 characters."),
  query: z.string().max(2000),
});

export type SaveFilterResult = { ok: true; id: string; message: string } | { ok: false; status: number; message: string; fieldErrors: FieldErrors };

export async function saveFilter(prisma: PrismaClient, shopId: string, form: Record<string, unknown>): Promise<SaveFilterResult> {
  const parsed = SaveFilterForm.safeParse(form);
  if (!parsed.success) return { ok: false, status: 400, message: "The filter was not saved.", fieldErrors: fieldErrorsOf(parsed.error) };
  const query = parseItemListQuery(new URLSearchParams(parsed.data.query));
  if (!hasFilters(query)) {
    return { ok: false, status: 400, message: "The filter was not saved.", fieldErrors: { name: "Set a search or a filter first: this one would match every item." } };
  }
  const canonical = filterParams(query).toString();
  const row = await upsertSavedItemFilter(prisma, shopId, parsed.data.name, canonical);
  return { ok: true, id: row.id, message: `Filter "${row.name}" saved` };
}

export async function deleteFilter(prisma: PrismaClient, shopId: string, id: string): Promise<boolean> {
  return deleteSavedItemFilter(prisma, shopId, id);
}

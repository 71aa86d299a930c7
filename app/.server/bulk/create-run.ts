// Starting a bulk run (DESIGN.md 3.8) from the Items page (a selection, or every item matching its
// filters) or the Bulk page (an app saved filter, a Shopify saved product search): the request is validated
// and the run recorded for the session's shop; the ui.bulk-run job does the work (advance-run.ts).
import type { PrismaClient } from "@prisma/client";
import { z } from "zod";
import { ITEM_SYNC_SETTINGS, type ItemSyncSetting } from "../../domain";
import { fieldErrorsOf, type FieldErrors } from "../../shared/form-errors";
import { describeFilters, filterParams, parseItemListQuery } from "../../shared/item-list-query";
import { createRun } from "../db/bulk-runs";
import { findSavedItemFilter } from "../db/saved-item-filters";
import type { ConnectedScope } from "../db/shop-scope";
import type { JobQueue } from "../jobs/types";
import { BULK_RUN_JOB, type BulkRunJobData } from "../jobs/registry";
import { actionLabel, BULK_ACTIONS, MAX_SELECTION, SOURCE_KINDS, type SourceRef } from "./run-types";

const BulkForm = z
  .object({
    action: z.enum(BULK_ACTIONS, { error: "Choose an action." }),
    setting: z.union([z.literal(""), z.enum(ITEM_SYNC_SETTINGS)]).optional(),
    source: z.enum(SOURCE_KINDS, { error: "Choose what to run it on." }),
    itemIds: z.string().optional(),
    query: z.string().max(2000).optional(),
    filterId: z.string().optional(),
    savedSearchId: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.action === "SET_SETTING" && !v.setting) ctx.addIssue({ code: "custom", path: ["setting"], message: "Choose the Sync Inventory setting to set." });
    if (v.source === "SELECTION" && !v.itemIds) ctx.addIssue({ code: "custom", path: ["itemIds"], message: "Select at least one item." });
    if (v.source === "APP_FILTER" && !v.filterId) ctx.addIssue({ code: "custom", path: ["filterId"], message: "Choose a saved filter." });
    if (v.source === "SAVED_SEARCH" && !v.savedSearchId) ctx.addIssue({ code: "custom", path: ["savedSearchId"], message: "Choose a saved search." });
  });

export type CreateRunResult = { ok: true; runId: string; message: string } | { ok: false; status: number; message: string; fieldErrors?: FieldErrors };

export interface SavedSearchOption {
  id: string;
  name: string;
  query: string;
}

/**
 * Validates the request and records the run; the job does the work. `savedSearches` is the shop's list as
 * read from Shopify for this request (a saved search id not in it is refused).
 */
export async function createBulkRun(
  prisma: PrismaClient,
  queue: Pick<JobQueue, "send">,
  scope: ConnectedScope,
  form: Record<string, unknown>,
  savedSearches: () => Promise<SavedSearchOption[]>,
): Promise<CreateRunResult> {
  const parsed = BulkForm.safeParse(form);
  if (!parsed.success) return { ok: false, status: 400, message: "The bulk action was not started.", fieldErrors: fieldErrorsOf(parsed.error) };
  const v = parsed.data;
  const setting = v.action === "SET_SETTING" ? (v.setting as ItemSyncSetting) : null;
  let ref: SourceRef;
  let label: string;
  switch (v.source) {
    case "SELECTION": {
      let ids: unknown;
      try {
        ids = JSON.parse(v.itemIds!);
      } catch {
        ids = null;
      }
      const list = z.array(z.string().min(1).max(64)).min(1).max(MAX_SELECTION).safeParse(ids);
      if (!list.success) {
        return { ok: false, status: 400, message: "The bulk action was not started.", fieldErrors: { itemIds: `Select between 1 and ${MAX_SELECTION} items, or use "all matching".` } };
      }
      ref = { kind: "SELECTION", itemIds: [...new Set(list.data)] };
      label = `${ref.itemIds.length} selected item${ref.itemIds.length === 1 ? "" : "s"}`;
      break;
    }
    case "FILTER": {
      const query = parseItemListQuery(new URLSearchParams(v.query ?? ""));
      ref = { kind: "FILTER", query: filterParams(query).toString() };
      label = `All items matching: ${describeFilters(query)}`;
      break;
    }
    case "APP_FILTER": {
      const filter = await findSavedItemFilter(prisma, scope.shopId, v.filterId!);
      if (!filter) return { ok: false, status: 404, message: "That saved filter does not exist in this store.", fieldErrors: { filterId: "Choose one of your saved filters." } };
      ref = { kind: "APP_FILTER", filterId: filter.id, query: filter.query };
      label = `Saved filter: ${filter.name}`;
      break;
    }
    case "SAVED_SEARCH": {
      const search = (await savedSearches()).find((s) => s.id === v.savedSearchId);
      if (!search) return { ok: false, status: 404, message: "That saved search does not exist in this store.", fieldErrors: { savedSearchId: "Choose one of the store's saved searches." } };
      ref = { kind: "SAVED_SEARCH", savedSearchId: search.id, name: search.name, query: search.query };
      label = `Shopify saved search: ${search.name}`;
      break;
    }
  }
  const run = await createRun(prisma, {
    shopId: scope.shopId,
    action: v.action,
    setting,
    sourceKind: ref.kind,
    sourceLabel: label,
    sourceRef: JSON.stringify(ref),
  });
  await queue.send<BulkRunJobData>(BULK_RUN_JOB, { runId: run.id }, { singletonKey: run.id, shopId: scope.shopId });
  return { ok: true, runId: run.id, message: `${actionLabel(v.action, setting)} started on ${label.charAt(0).toLowerCase()}${label.slice(1)}` };
}

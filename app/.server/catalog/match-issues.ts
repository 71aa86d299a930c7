// SKUs that could not be matched one-to-one (the Items page's "Unmatched and duplicate SKUs" view).
import type { MatchIssueKind, PrismaClient } from "@prisma/client";
import { pageMatchIssues } from "../db/sku-matches";

export const MATCH_ISSUE_TEXT: Record<MatchIssueKind, string> = {
  UNMATCHED_SKU: "No Shopify variant in this store has this SKU. Add the SKU to the variant in Shopify, or ignore it if the item is not sold here.",
  DUPLICATE_SKU_IN_SHOPIFY: "Several Shopify variants share this SKU, so none is synced. Give each variant its own SKU in Shopify.",
  DUPLICATE_SKU_IN_WHIPLASH: "Several Whiplash items share this SKU, so none is synced. Ask your warehouse to fix the duplicate.",
};

export interface MatchIssueView {
  id: string;
  sku: string;
  kind: MatchIssueKind;
  text: string;
  candidates: string[];
  since: string;
}

export async function listMatchIssues(
  prisma: PrismaClient,
  shopId: string,
  options: { kind?: MatchIssueKind; q?: string; page?: number; pageSize?: number } = {},
): Promise<{ rows: MatchIssueView[]; total: number; counts: Record<MatchIssueKind, number> }> {
  const pageSize = options.pageSize ?? 50;
  const { rows, total, countByKind } = await pageMatchIssues(prisma, shopId, { ...options, pageSize });
  const counts = { UNMATCHED_SKU: 0, DUPLICATE_SKU_IN_SHOPIFY: 0, DUPLICATE_SKU_IN_WHIPLASH: 0 } as Record<MatchIssueKind, number>;
  for (const [kind, count] of countByKind) counts[kind] = count;
  return {
    rows: rows.map((r) => ({
      id: r.id,
      sku: r.sku,
      kind: r.kind,
      text: MATCH_ISSUE_TEXT[r.kind],
      candidates: candidatesOf(r.detail),
      since: r.createdAt.toISOString(),
    })),
    total,
    counts,
  };
}

function candidatesOf(detail: string): string[] {
  try {
    const parsed = JSON.parse(detail) as unknown;
    if (Array.isArray(parsed)) return parsed.map(String);
    if (parsed && typeof parsed === "object") {
      return Object.values(parsed as Record<string, unknown>).flatMap((v) => (Array.isArray(v) ? v.map(String) : typeof v === "string" ? [v] : []));
    }
  } catch {
    // not JSON: show nothing rather than fail the page
  }
  return [];
}

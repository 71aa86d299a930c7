// Item <-> Shopify variant matching by SKU, per shop. Exactly one item and exactly one variant with the
// same SKU make a link; anything else is reported as a MatchIssue and never guessed:
//   UNMATCHED_SKU              no variant has the item's SKU (or the item has no SKU)
//   DUPLICATE_SKU_IN_SHOPIFY   several variants share the item's SKU
//   DUPLICATE_SKU_IN_WHIPLASH  several Whiplash items share the SKU
// Variants are read through the throttled Admin client, 250 per page (productVariants, readVariants
// below). Catalogs above a size threshold are read with a bulk operation over the same fields instead
// (read-variants.ts, used by the import job, which passes the rows in as `options.variants`).
import type { PrismaClient } from "@prisma/client";
import { requireShopCustomerId } from "../db/shops";
import { itemSkusOfCustomer } from "../db/items";
import { linkedInventoryItemByItem, saveShopMatches } from "../db/sku-matches";
import {
  VARIANTS_FOR_MATCHING_QUERY,
  type VariantForMatching,
  type VariantsForMatchingData,
} from "../shopify/operations/variants-for-matching";

/** What matching needs from the Admin client (ThrottledAdminClient satisfies it). */
export interface AdminGraphql {
  request<T>(document: string, options?: { variables?: Record<string, unknown>; signal?: AbortSignal }): Promise<{ data: T }>;
}

export interface MatchItem {
  id: string;
  sku: string;
}

export interface MatchLink {
  itemId: string;
  variant: VariantForMatching;
}

export interface MatchIssueInput {
  sku: string;
  kind: "UNMATCHED_SKU" | "DUPLICATE_SKU_IN_SHOPIFY" | "DUPLICATE_SKU_IN_WHIPLASH";
  detail: { itemIds?: string[]; variantIds?: string[] };
}

export interface MatchPlan {
  links: MatchLink[];
  issues: MatchIssueInput[];
}

/** SKUs compare after trimming; case is kept (Shopify treats SKUs as case-sensitive text). */
const norm = (sku: string | null | undefined) => (sku ?? "").trim();

/** Pure matching (exported for tests). */
export function planMatches(items: MatchItem[], variants: VariantForMatching[]): MatchPlan {
  const variantsBySku = new Map<string, VariantForMatching[]>();
  for (const v of variants) {
    const sku = norm(v.sku);
    if (!sku) continue;
    variantsBySku.set(sku, [...(variantsBySku.get(sku) ?? []), v]);
  }
  const itemsBySku = new Map<string, MatchItem[]>();
  for (const item of items) itemsBySku.set(norm(item.sku), [...(itemsBySku.get(norm(item.sku)) ?? []), item]);

  const plan: MatchPlan = { links: [], issues: [] };
  for (const [sku, group] of itemsBySku) {
    const candidates = variantsBySku.get(sku) ?? [];
    if (!sku || candidates.length === 0) {
      plan.issues.push({ sku, kind: "UNMATCHED_SKU", detail: { itemIds: group.map((i) => i.id) } });
    } else if (group.length > 1) {
      plan.issues.push({ sku, kind: "DUPLICATE_SKU_IN_WHIPLASH", detail: { itemIds: group.map((i) => i.id), variantIds: candidates.map((v) => v.id) } });
    } else if (candidates.length > 1) {
      plan.issues.push({ sku, kind: "DUPLICATE_SKU_IN_SHOPIFY", detail: { itemIds: [group[0].id], variantIds: candidates.map((v) => v.id) } });
    } else {
      plan.links.push({ itemId: group[0].id, variant: candidates[0] });
    }
  }
  return plan;
}

/** Every variant of the shop, 250 per page. */
export async function readVariants(client: AdminGraphql, signal?: AbortSignal): Promise<VariantForMatching[]> {
  const all: VariantForMatching[] = [];
  let after: string | null = null;
  for (;;) {
    const { data }: { data: VariantsForMatchingData } = await client.request<VariantsForMatchingData>(VARIANTS_FOR_MATCHING_QUERY, {
      variables: { first: 250, after },
      signal,
    });
    all.push(...data.productVariants.nodes);
    if (!data.productVariants.pageInfo.hasNextPage || !data.productVariants.pageInfo.endCursor) return all;
    after = data.productVariants.pageInfo.endCursor;
  }
}

export interface MatchResult {
  linked: number;
  issues: number;
  /** Items that gained a link or whose variant changed (they need a first sync). */
  newlyLinkedItemIds: string[];
}

/**
 * Re-matches every item of the shop's customer: upserts links, removes links that no longer hold (an
 * item whose SKU became ambiguous stops syncing rather than write to a guessed variant), and replaces
 * the shop's match issues.
 */
export async function matchShopVariants(
  prisma: PrismaClient,
  client: AdminGraphql,
  shopId: string,
  options: { signal?: AbortSignal; variants?: VariantForMatching[] } = {},
): Promise<MatchResult> {
  const customerId = await requireShopCustomerId(prisma, shopId);
  if (!customerId) throw new Error(`shop ${shopId} is not connected to a Whiplash customer`);
  const items = await itemSkusOfCustomer(prisma, customerId);
  const variants = options.variants ?? (await readVariants(client, options.signal));
  const plan = planMatches(items, variants);
  const existingByItem = await linkedInventoryItemByItem(prisma, shopId);
  const newlyLinkedItemIds = plan.links.filter((l) => existingByItem.get(l.itemId) !== l.variant.inventoryItem.id).map((l) => l.itemId);
  const links = plan.links.map(({ itemId, variant }) => ({
    itemId,
    productId: variant.product.id,
    variantId: variant.id,
    inventoryItemId: variant.inventoryItem.id,
    productTitle: variant.product.title,
    variantTitle: variant.title,
    tracked: variant.inventoryItem.tracked,
  }));
  await saveShopMatches(prisma, shopId, links, newlyLinkedItemIds, plan.issues);
  return { linked: plan.links.length, issues: plan.issues.length, newlyLinkedItemIds };
}

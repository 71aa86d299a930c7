// What the product block shows for each variant, as plain data (the component only lays it out).
import type { ItemSyncSetting } from "../../../app/shared/sync-settings";
import type { ProductSyncView, VariantSyncView } from "../../../app/shared/extension-contract";

export type Tone = "info" | "success" | "warning" | "critical";

export interface VariantRow {
  variantId: string;
  title: string;
  badge: { tone: Tone; text: string };
  reason: string;
  quantities: string;
  /** Shown when Shopify and Whiplash disagree, or someone changed Shopify by hand. */
  warning: string | null;
  editable: boolean;
  setting: ItemSyncSetting | null;
}

function quantity(n: number | null): string {
  return n === null ? "unknown" : String(n);
}

export function variantRow(v: VariantSyncView): VariantRow {
  const editable = v.itemId !== null;
  const badge: VariantRow["badge"] =
    v.decision === "sync"
      ? { tone: "success", text: "Syncing" }
      : v.reasonCode === "UNMATCHED" || v.reasonCode === "NOT_TRACKED" || v.reasonCode === "NO_LOCATION"
        ? { tone: "warning", text: "Needs attention" }
        : { tone: "info", text: "Not syncing" };
  let warning: string | null = null;
  if (v.driftDetectedAt) {
    warning = `Changed in Shopify outside the app on ${v.driftDetectedAt.slice(0, 10)}.`;
  } else if (v.decision === "sync" && v.whiplashQuantity !== null && v.shopifyQuantity !== null && v.whiplashQuantity !== v.shopifyQuantity) {
    warning = "Shopify does not show the warehouse quantity yet; a sync is due.";
  }
  return {
    variantId: v.variantId,
    title: v.sku ? `${v.title} · SKU ${v.sku}` : v.title,
    badge,
    reason: v.reason,
    quantities: `Whiplash ${quantity(v.whiplashQuantity)} · Shopify ${quantity(v.shopifyQuantity)}`,
    warning,
    editable,
    setting: v.syncSetting,
  };
}

/** One-line summary for the collapsed block. */
export function collapsedSummary(view: ProductSyncView): string {
  if (!view.connected) return "Not connected to Whiplash";
  const syncing = view.variants.filter((v) => v.decision === "sync").length;
  return `${syncing} of ${view.variants.length} variants syncing`;
}

export function replaceVariant(view: ProductSyncView, updated: VariantSyncView): ProductSyncView {
  return { ...view, variants: view.variants.map((v) => (v.variantId === updated.variantId ? updated : v)) };
}

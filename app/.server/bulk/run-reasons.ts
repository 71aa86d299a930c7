// A bulk run item's reason code in words (the Bulk page and the CSV).
import { describeSkipReason, SKIP_REASONS, type SkipReason } from "../../domain";

export function reasonText(reason: string): string {
  if ((SKIP_REASONS as readonly string[]).includes(reason)) return describeSkipReason(reason as SkipReason);
  if (reason === "REPLACED") return "Not sent by this run: a newer sync of the same item replaced it before it was sent.";
  if (reason === "UNCHANGED_SETTING") return "Already had this setting.";
  if (reason === "NO_WHIPLASH_ITEM") return "Not synced: this Shopify variant matches no Whiplash item (no item has its SKU, or the SKU is duplicated).";
  return reason;
}

import { Badge, BlockStack, Text } from "@shopify/polaris";
import { humanReason } from "./format";

/** "Syncs" / "Skipped: Never" with the domain's sentence under it. */
export function DecisionBadge({ decision, reason, text, compact = false }: { decision: "sync" | "skip"; reason: string; text: string; compact?: boolean }) {
  const badge = (
    <Badge tone={decision === "sync" ? "success" : reason === "NOT_TRACKED" || reason === "NO_LOCATION" ? "warning" : undefined}>
      {decision === "sync" ? `Syncs: ${humanReason(reason)}` : `Skipped: ${humanReason(reason)}`}
    </Badge>
  );
  if (compact) return badge;
  return (
    <BlockStack gap="100">
      <span>{badge}</span>
      <Text as="span" tone="subdued" variant="bodySm">
        {text}
      </Text>
    </BlockStack>
  );
}

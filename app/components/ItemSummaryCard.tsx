// The item page's Summary card (views/item-summary.ts): what is published, or for a skipped item what
// would be published and that nothing is sent and why; what Shopify shows now, and how old that number is.
import { BlockStack, Card, Text } from "@shopify/polaris";
import { formatDateTime, formatNumber, timeAgo } from "./format";

export interface ItemSummaryCardProps {
  summary: {
    sends: boolean;
    publishTotal: number | null;
    notSentBecause: string | null;
    shopify: { total: number | null; source: "live" | "known" | null; at: string | null; scope: "item-locations" | "all-locations" };
  };
  whiplashQuantity: number;
  /** Units of Shopify orders Whiplash has not imported yet, held back from what we publish (rule 3.9). */
  unitsInFlight: number;
  received: boolean;
  firstReceivedAt: string | null;
  lastSyncedAt: string | null;
  whiplashItemId: number;
  now: number;
}

function shopifyAge(s: ItemSummaryCardProps["summary"]["shopify"], now: number): string {
  if (s.source === "live") return "read from Shopify when this page loaded";
  if (s.source === "known") return `last known ${timeAgo(s.at, now)}, Shopify could not be read just now`;
  return "Shopify could not be read just now";
}

export function ItemSummaryCard({ summary: s, whiplashQuantity, unitsInFlight, received, firstReceivedAt, lastSyncedAt, whiplashItemId, now }: ItemSummaryCardProps) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingSm">
          Summary
        </Text>
        <Text as="p">{`Whiplash sellable: ${formatNumber(whiplashQuantity)}`}</Text>
        {s.sends ? (
          <Text as="p">
            <span id="summary-publish">{`We publish: ${formatNumber(s.publishTotal)}`}</span>
          </Text>
        ) : (
          <BlockStack gap="050">
            <Text as="p">
              <span id="summary-publish">{`Would publish: ${formatNumber(s.publishTotal)}. Nothing is sent to Shopify.`}</span>
            </Text>
            <Text as="p" tone="subdued">
              <span id="summary-not-sent">{s.notSentBecause}</span>
            </Text>
          </BlockStack>
        )}
        {unitsInFlight > 0 ? (
          <Text as="p" tone="caution">
            <span id="summary-in-flight">{`${formatNumber(unitsInFlight)} ${unitsInFlight === 1 ? "unit" : "units"} in orders Whiplash has not seen yet (held back from what we publish)`}</span>
          </Text>
        ) : null}
        <BlockStack gap="050">
          <Text as="p">
            <span id="summary-shopify" data-quantity={s.shopify.total ?? ""} data-source={s.shopify.source ?? ""}>
              {`Shopify shows: ${formatNumber(s.shopify.total)}${s.shopify.scope === "all-locations" ? " (all locations)" : ""}`}
            </span>
          </Text>
          <Text as="p" tone="subdued" variant="bodySm">
            <span id="summary-shopify-age" title={formatDateTime(s.shopify.at)}>
              {shopifyAge(s.shopify, now)}
            </span>
          </Text>
        </BlockStack>
        <Text as="p">{`Received: ${received ? `yes, first ${formatDateTime(firstReceivedAt)}` : "never"}`}</Text>
        <Text as="p">{`Last synced: ${timeAgo(lastSyncedAt, now)}`}</Text>
        <Text as="p" tone="subdued">{`Whiplash item #${whiplashItemId}`}</Text>
      </BlockStack>
    </Card>
  );
}

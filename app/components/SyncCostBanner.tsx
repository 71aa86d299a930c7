// The seed's "Shopify may rate limit us" warning, with numbers: what syncing every effectively-Always item
// costs in Shopify's budget with our writer (250 quantities per 10-point call) at this shop's restore rate.
import { Banner, Text } from "@shopify/polaris";
import type { SyncCost } from "../shared/sync-cost";

export type SyncCostData = SyncCost & { sentence: string };

export function SyncCostBanner({ cost, title }: { cost: SyncCostData; title?: string }) {
  return (
    <Banner
      tone={cost.fitsInBucket ? "info" : "warning"}
      title={title ?? `${cost.items.toLocaleString("en-US")} items are effectively set to Always`}
    >
      <Text as="p" id="always-cost">
        {cost.sentence}
      </Text>
    </Banner>
  );
}

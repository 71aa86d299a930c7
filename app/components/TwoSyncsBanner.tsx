// Home and Settings: Whiplash's own Shopify inventory sync and this app would both write the same quantities.
// Whiplash's API does not tell whether that sync is on for a store (docs/decisions/0010), so the merchant is
// asked once, after connecting; "still on" keeps a warning on both pages until they say it is off.
import { Banner, BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";

export type OwnSyncAnswer = "ON" | "OFF" | null;

export function TwoSyncsBanner({ answer }: { answer: OwnSyncAnswer }) {
  const fetcher = useFetcher<{ ok: boolean; message: string }>();
  const shown = (fetcher.formData?.get("answer") as OwnSyncAnswer | undefined) ?? answer;
  if (shown === "OFF") return null;
  const buttons = (
    <InlineStack gap="200">
      <fetcher.Form method="post">
        <input type="hidden" name="intent" value="own-sync" />
        <input type="hidden" name="answer" value="OFF" />
        <Button submit id="own-sync-off">
          {shown === "ON" ? "I have switched it off in Whiplash" : "It is off"}
        </Button>
      </fetcher.Form>
      {shown === null ? (
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="own-sync" />
          <input type="hidden" name="answer" value="ON" />
          <Button submit id="own-sync-on">
            It is still on
          </Button>
        </fetcher.Form>
      ) : null}
    </InlineStack>
  );
  return shown === null ? (
    <Banner tone="info" title="Is Whiplash's own Shopify inventory sync still on for this store?">
      <BlockStack gap="200">
        <Text as="p" id="own-sync-question">
          Whiplash can push inventory to Shopify itself (its Shopify integration's "Sync inventory levels" and its Sync Inventory
          settings). With this app connected, two systems would write the same quantities. Whiplash's API does not tell us
          whether that sync is on, so we ask once.
        </Text>
        {buttons}
      </BlockStack>
    </Banner>
  ) : (
    <Banner tone="warning" title="Two inventory syncs write to this store">
      <BlockStack gap="200">
        <Text as="p" id="two-syncs-warning">
          Whiplash's own Shopify inventory sync is still on, so Whiplash and this app both write the same quantities and can undo
          each other. Keep one: switch off "Sync inventory levels from Whiplash to Shopify" in Whiplash's Shopify integration to let
          this app publish (with its buffers, inbound publishing and sell-out handling), or turn off "Sync inventory" in Settings
          here to leave it to Whiplash. The Sync Inventory settings stay shared either way.
        </Text>
        {buttons}
      </BlockStack>
    </Banner>
  );
}

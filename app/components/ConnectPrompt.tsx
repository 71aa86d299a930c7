import { BlockStack, Button, Card, Text } from "@shopify/polaris";

/** Shown on pages that need a connected Whiplash account. */
export function ConnectPrompt() {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          Connect your Whiplash account
        </Text>
        <Text as="p">
          The app reads your items and stock from Whiplash. Connect your Whiplash customer account in Settings: your items are imported and
          matched to this store's variants by SKU.
        </Text>
        <span>
          <Button url="/app/settings" variant="primary">
            Open Settings
          </Button>
        </span>
      </BlockStack>
    </Card>
  );
}

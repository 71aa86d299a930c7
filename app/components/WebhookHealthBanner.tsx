// Home and Settings: the warning when Whiplash webhooks are missing or not arriving, with "Repair"
// (a POST to the page's own action, intent=repair) and what the repair did.
import { Banner, BlockStack, Button, InlineStack, Text } from "@shopify/polaris";
import { useFetcher } from "@remix-run/react";
import { timeAgo } from "./format";
import { useResultToast } from "./use-result-toast";

export interface WebhookWarningData {
  kind: "check-failed" | "missing" | "silent";
  title: string;
  text: string;
  checkedAt: string;
  lastWebhookAt: string | null;
}

export function WebhookHealthBanner({ warning, now }: { warning: WebhookWarningData | null; now: number }) {
  const repair = useFetcher<{ ok: boolean; message: string }>();
  useResultToast(repair.data);
  if (!warning && !repair.data) return null;
  const result = repair.data;
  return (
    <BlockStack gap="200">
      {warning ? (
        <Banner tone={warning.kind === "silent" ? "warning" : "critical"} title={warning.title}>
          <BlockStack gap="200">
            <Text as="p" id="webhook-warning">
              {warning.text}
            </Text>
            <Text as="p" tone="subdued" variant="bodySm">
              {`Last webhook received: ${warning.lastWebhookAt ? timeAgo(warning.lastWebhookAt, now) : "never"}. Checked ${timeAgo(warning.checkedAt, now)}.`}
            </Text>
            <InlineStack>
              <repair.Form method="post">
                <input type="hidden" name="intent" value="repair" />
                <Button submit loading={repair.state !== "idle"} id="webhook-repair">
                  Repair
                </Button>
              </repair.Form>
            </InlineStack>
          </BlockStack>
        </Banner>
      ) : null}
      {result ? <Banner tone={result.ok ? "success" : "critical"} title={result.message} /> : null}
    </BlockStack>
  );
}

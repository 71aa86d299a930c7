// Home's "Needs attention" (views/needs-attention.ts): one row per trouble with the action that fixes it.
// Retry and Repair post to Home's own action (intent=retryJob / intent=repair); the page then reloads
// its data, so a fixed entry goes away by itself.
import { Link as RemixLink, useFetcher } from "@remix-run/react";
import { Badge, BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import { timeAgo } from "./format";
import { useResultToast } from "./use-result-toast";

export interface AttentionEntryView {
  kind: "failed-job" | "webhooks" | "write-failed" | "drift";
  key: string;
  title: string;
  text: string;
  at: string | null;
  action: { kind: "retry-job"; jobId: string; label: string } | { kind: "repair-webhooks"; label: string } | { kind: "link"; url: string; label: string };
  items?: { itemId: string; sku: string }[];
}

function Action({ action }: { action: AttentionEntryView["action"] }) {
  const fetcher = useFetcher<{ ok: boolean; message: string }>();
  useResultToast(fetcher.data);
  if (action.kind === "link") {
    return (
      <RemixLink to={action.url} className="Polaris-Link">
        {action.label}
      </RemixLink>
    );
  }
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value={action.kind === "retry-job" ? "retryJob" : "repair"} />
      {action.kind === "retry-job" ? <input type="hidden" name="jobId" value={action.jobId} /> : null}
      <Button submit size="slim" loading={fetcher.state !== "idle"}>
        {action.label}
      </Button>
    </fetcher.Form>
  );
}

export function NeedsAttentionCard({ entries, now }: { entries: AttentionEntryView[]; now: number }) {
  if (entries.length === 0) return null;
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack gap="200" blockAlign="center">
          <Text as="h2" variant="headingMd">
            Needs attention
          </Text>
          <Badge tone="critical">{String(entries.length)}</Badge>
        </InlineStack>
        <ul id="needs-attention" style={{ listStyle: "none", margin: 0, padding: 0 }}>
          {entries.map((e) => (
            <li key={e.key} data-kind={e.kind} style={{ padding: "8px 0", borderTop: "1px solid var(--p-color-border-secondary)" }}>
              <InlineStack align="space-between" blockAlign="start" gap="400" wrap={false}>
                <BlockStack gap="100">
                  <Text as="p" fontWeight="semibold">
                    {e.title}
                  </Text>
                  <Text as="p" tone="subdued">
                    {e.text}
                  </Text>
                  {e.at ? (
                    <Text as="p" tone="subdued" variant="bodySm">
                      {timeAgo(e.at, now)}
                    </Text>
                  ) : null}
                </BlockStack>
                <Action action={e.action} />
              </InlineStack>
            </li>
          ))}
        </ul>
      </BlockStack>
    </Card>
  );
}

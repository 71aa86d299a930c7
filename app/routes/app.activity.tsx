// Activity: the store-wide sync log with filters and a CSV of everything they select (views/activity.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link as RemixLink, useLoaderData, useLocation } from "@remix-run/react";
import { useState } from "react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineStack, Page, Select, Text, TextField } from "@shopify/polaris";
import { connected, uiContext } from "../.server/wiring/route-context";
import { loadActivity } from "../.server/views/activity";
import { ConnectPrompt } from "../components/ConnectPrompt";
import { formatDateTime, humanReason, shortGid } from "../components/format";
import { useCsvDownload } from "../components/use-csv-download";
import { RouteErrorBanner } from "../components/RouteErrorBanner";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await uiContext(request);
  const scope = connected(ctx);
  return scope ? { connected: true as const, ...(await loadActivity(ctx.prisma, scope, new URL(request.url))) } : { connected: false as const };
};

export default function Activity() {
  const d = useLoaderData<typeof loader>();
  const location = useLocation();
  const csv = useCsvDownload();
  if (!d.connected) {
    return (
      <Page title="Activity">
        <ConnectPrompt />
      </Page>
    );
  }
  const query = new URLSearchParams(location.search);
  query.delete("before");
  const filtered = Object.values(d.filter).some((v) => v !== "");
  return (
    <Page
      title="Activity"
      subtitle="Every sync of this store, sent, skipped or failed, with its reason"
      primaryAction={{
        content: "Download CSV",
        loading: csv.downloading,
        onAction: () => void csv.download(`/app/activity/csv?${query.toString()}`, "sync-activity.csv"),
      }}
    >
      <BlockStack gap="400">
        {csv.error ? <Banner tone="critical" title={csv.error} /> : null}
        <Card>
          <ActivityFilters key={location.search} filter={d.filter} reasons={d.reasons} />
        </Card>
        <Card padding="0">
          {d.rows.length === 0 ? (
            <div style={{ padding: 16 }}>
              <Text as="p" tone="subdued">
                {filtered ? "No sync matches these filters." : "No sync yet. Every sync, sent or skipped, appears here with its reason."}
              </Text>
            </div>
          ) : (
            <div id="activity-log">
              <DataTable
                columnContentTypes={["text", "text", "text", "text", "text", "text", "numeric"]}
                headings={["When", "Item", "Location", "Trigger", "Result", "Reason", "Quantity"]}
                rows={d.rows.map((r) => [
                  formatDateTime(r.at),
                  r.itemId ? <RemixLink to={`/app/items/${r.itemId}`}>{r.sku ?? r.itemId}</RemixLink> : "-",
                  shortGid(r.locationId),
                  humanReason(r.trigger),
                  <Badge key={r.id} tone={r.decision === "SYNCED" ? "success" : r.decision === "FAILED" ? "critical" : undefined}>
                    {r.decision === "SYNCED" ? "Written" : r.decision === "FAILED" ? "Failed" : r.decision === "SKIPPED" ? "Skipped" : "Other"}
                  </Badge>,
                  <span key={`r${r.id}`} data-reason={r.reason}>
                    {r.text}
                  </span>,
                  r.quantityAfter === null ? "-" : r.decision === "SKIPPED" ? `would be ${r.quantityAfter}` : `${r.quantityBefore ?? "?"} → ${r.quantityAfter}`,
                ])}
              />
            </div>
          )}
        </Card>
        <InlineStack gap="300">
          {d.paged ? <RemixLink to={`?${query.toString()}`}>Newest</RemixLink> : null}
          {d.olderThan !== null ? <RemixLink to={`?${new URLSearchParams([...query.entries(), ["before", String(d.olderThan)]]).toString()}`}>Older</RemixLink> : null}
        </InlineStack>
      </BlockStack>
    </Page>
  );
}

function ActivityFilters({ filter, reasons }: { filter: { sku: string; decision: string; reason: string; from: string; to: string }; reasons: readonly string[] }) {
  const [f, setF] = useState(filter);
  const set = (key: keyof typeof f) => (value: string) => setF((old) => ({ ...old, [key]: value }));
  return (
    <Form method="get" id="activity-filters">
      <BlockStack gap="300">
        <InlineStack gap="300" blockAlign="end" wrap>
          <div style={{ minWidth: 180 }}>
            <TextField label="Item (SKU contains)" name="sku" value={f.sku} onChange={set("sku")} autoComplete="off" />
          </div>
          <Select
            label="Result"
            name="decision"
            value={f.decision}
            onChange={set("decision")}
            options={[
              { label: "Any", value: "" },
              { label: "Written", value: "SYNCED" },
              { label: "Skipped", value: "SKIPPED" },
              { label: "Failed", value: "FAILED" },
            ]}
          />
          <Select label="Reason" name="reason" value={f.reason} onChange={set("reason")} options={[{ label: "Any", value: "" }, ...reasons.map((r) => ({ label: humanReason(r), value: r }))]} />
          <TextField label="From" type="date" name="from" value={f.from} onChange={set("from")} autoComplete="off" />
          <TextField label="To" type="date" name="to" value={f.to} onChange={set("to")} autoComplete="off" />
          <Button submit>Apply</Button>
        </InlineStack>
      </BlockStack>
    </Form>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBanner backUrl="/app" backLabel="Home" />;
}

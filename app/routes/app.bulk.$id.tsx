import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, InlineGrid, InlineStack, Layout, List, Page, ProgressBar, Text } from "@shopify/polaris";
import { uiContext } from "../.server/wiring/route-context";
import { cancelBulkRun, getBulkRun, recentRunItems } from "../.server/bulk/run-views";
import { formatDateTime, formatNumber, humanReason } from "../components/format";
import { useResultToast } from "../components/use-result-toast";
import { RouteErrorBanner } from "../components/RouteErrorBanner";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const ctx = await uiContext(request);
  const run = await getBulkRun(ctx.prisma, ctx.shopId, params.id ?? "");
  if (!run) throw new Response("This bulk run does not exist in this store.", { status: 404 });
  const items = (await recentRunItems(ctx.prisma, ctx.shopId, run.id)) ?? [];
  return { run, items };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const ctx = await uiContext(request);
  const outcome = await cancelBulkRun(ctx.prisma, ctx.shopId, params.id ?? "");
  if (outcome === "not-found") return data({ ok: false, message: "This bulk run does not exist in this store." }, { status: 404 });
  if (outcome === "finished") return data({ ok: false, message: "The run has already finished." }, { status: 409 });
  return { ok: true, message: "Cancelling: syncs not yet sent are withdrawn" };
};

export default function BulkRunPage() {
  const { run, items } = useLoaderData<typeof loader>();
  const cancel = useFetcher<{ ok: boolean; message: string }>();
  useResultToast(cancel.data);
  const revalidator = useRevalidator();
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  // Progress is in the database; while the run is active, read it again every second.
  useEffect(() => {
    if (!run.active) return;
    const t = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1000);
    return () => clearInterval(t);
  }, [run.active, revalidator]);

  // The CSV route needs the session token, which App Bridge adds to fetch() (not to a plain link).
  const download = async () => {
    setDownloading(true);
    setDownloadError(null);
    try {
      const res = await fetch(`/app/bulk/${run.id}/csv`);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = `bulk-run-${run.id}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      setDownloadError(`The CSV could not be downloaded (${(error as Error).message}). Try again.`);
    } finally {
      setDownloading(false);
    }
  };

  const tone = run.status === "DONE" ? "success" : run.status === "FAILED" ? "critical" : run.active ? "info" : undefined;
  return (
    <Page
      backAction={{ content: "Bulk sync", url: "/app/bulk" }}
      title={run.actionLabel}
      subtitle={run.sourceLabel}
      titleMetadata={
        <span id="run-status">
          <Badge tone={tone}>{run.statusLabel}</Badge>
        </span>
      }
      primaryAction={{ content: "Download CSV", onAction: download, loading: downloading, disabled: run.total === 0 }}
      secondaryActions={
        run.active && !run.cancelRequested
          ? [{ content: "Cancel run", destructive: true, onAction: () => cancel.submit({}, { method: "post" }), loading: cancel.state !== "idle" }]
          : []
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {run.error ? (
              <Banner tone="critical" title="The run stopped">
                <p>{run.error}</p>
              </Banner>
            ) : null}
            {downloadError ? <Banner tone="critical" title={downloadError} /> : null}
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">
                    Progress
                  </Text>
                  <Text as="span" id="run-progress-text">{`${formatNumber(run.done)} / ${formatNumber(run.total)} (${run.percent}%)`}</Text>
                </InlineStack>
                <div id="run-progress" data-percent={run.percent} data-status={run.status}>
                  <ProgressBar progress={run.percent} tone={run.status === "FAILED" ? "critical" : run.status === "DONE" ? "success" : "primary"} ariaLabelledBy="run-progress-text" />
                </div>
                {run.status === "READING" ? (
                  <Text as="p" tone="subdued">
                    Shopify is reading the saved search with a bulk query; the items appear here when it finishes.
                  </Text>
                ) : null}
                {run.status === "WAITING" ? (
                  <Text as="p" tone="subdued">
                    The syncs are queued; the writer sends them to Shopify as fast as the store's rate limit allows.
                  </Text>
                ) : null}
                <InlineGrid columns={3} gap="300">
                  <Text as="p" id="run-succeeded">{`${run.action === "SYNC" ? "Written" : "Updated"}: ${formatNumber(run.succeeded)}`}</Text>
                  <Text as="p" id="run-skipped">{`Skipped: ${formatNumber(run.skipped)}`}</Text>
                  <Text as="p" id="run-failed" tone={run.failed > 0 ? "critical" : undefined}>{`Errors: ${formatNumber(run.failed)}`}</Text>
                </InlineGrid>
                {run.skippedByReason.length > 0 ? (
                  <BlockStack gap="100">
                    <Text as="h3" variant="headingSm">
                      Skipped by reason
                    </Text>
                    <List>
                      {run.skippedByReason.map((s) => (
                        <List.Item key={s.reason}>
                          <span data-reason={s.reason}>{`${formatNumber(s.count)} · ${humanReason(s.reason)}`}</span>{" "}
                          <Text as="span" tone="subdued" variant="bodySm">
                            {s.text}
                          </Text>
                        </List.Item>
                      ))}
                    </List>
                  </BlockStack>
                ) : null}
                <Text as="p" tone="subdued" variant="bodySm">
                  {`Started ${formatDateTime(run.startedAt ?? run.createdAt)}${run.finishedAt ? `, finished ${formatDateTime(run.finishedAt)}` : ""}. The run continues if you leave this page.`}
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Latest results
                </Text>
                {items.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No result yet.
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "text", "numeric"]}
                    headings={["SKU", "Outcome", "Detail", "Quantity"]}
                    rows={items.map((i) => [i.sku || "-", humanReason(i.outcome), i.detail ?? i.reason ?? "", i.quantity ?? "-"])}
                  />
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
      <div hidden>
        <Button onClick={() => revalidator.revalidate()}>Refresh</Button>
      </div>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBanner backUrl="/app/bulk" backLabel="Bulk sync" />;
}

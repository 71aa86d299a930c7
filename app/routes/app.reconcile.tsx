import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link as RemixLink, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  EmptyState,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Page,
  Text,
} from "@shopify/polaris";
import { connected, uiContext } from "../.server/wiring/route-context";
import { loadReconcileView, runReconciliationNow } from "../.server/reconcile/reconcile-page";
import { ConnectPrompt } from "../components/ConnectPrompt";
import { EMPTY_IMAGE } from "../components/empty-image";
import { formatDateTime, formatNumber, humanReason, shortGid, timeAgo } from "../components/format";
import { RouteErrorBanner } from "../components/RouteErrorBanner";
import { useResultToast } from "../components/use-result-toast";
import { useCsvDownload } from "../components/use-csv-download";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await uiContext(request);
  const scope = connected(ctx);
  const view = scope ? await loadReconcileView(ctx.prisma, ctx.queue, ctx.shopId) : null;
  return { connected: scope !== null, view, now: Date.now() };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await uiContext(request);
  if (!connected(ctx)) return data({ ok: false, message: "Connect Whiplash in Settings first." }, { status: 409 });
  const { status, ...result } = await runReconciliationNow(ctx.prisma, ctx.queue, ctx.shopId);
  return data(result, { status });
};

type ActionData = { ok: boolean; message: string };

const STATUS_TONE: Record<string, "success" | "critical" | "attention" | undefined> = { DONE: "success", FAILED: "critical", CANCELLED: "attention" };
const STATUS_LABEL: Record<string, string> = { DONE: "Completed", FAILED: "Failed", CANCELLED: "Cancelled", RUNNING: "Running" };

function Count({ label, value, id }: { label: string; value: number; id: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg" id={id}>
          {formatNumber(value)}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function ReconcilePage() {
  const { connected: isConnected, view, now } = useLoaderData<typeof loader>();
  const run = useFetcher<ActionData>();
  useResultToast(run.data);
  const revalidator = useRevalidator();
  const csv = useCsvDownload();
  const busy = view !== null && view.activity !== "IDLE";
  // While a reconciliation waits for the worker or its bulk read runs, look again every few seconds.
  useEffect(() => {
    if (!busy) return;
    const t = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 3000);
    return () => clearInterval(t);
  }, [busy, revalidator]);

  const runButton = (
    <run.Form method="post">
      <Button submit variant="primary" loading={run.state !== "idle"} disabled={!isConnected}>
        Run reconciliation now
      </Button>
    </run.Form>
  );

  if (!isConnected || !view) {
    return (
      <Page title="Reconciliation" backAction={{ content: "Home", url: "/app" }}>
        <ConnectPrompt />
      </Page>
    );
  }
  const r = view.report;
  return (
    <Page
      title="Reconciliation"
      subtitle="Compares what Shopify shows at your mapped locations with what the warehouse says, and fixes what your rules allow."
      backAction={{ content: "Home", url: "/app" }}
      primaryAction={runButton}
      secondaryActions={
        view.report && view.report.discrepancies > 0
          ? [
              {
                content: "Download CSV",
                loading: csv.downloading,
                onAction: () => void csv.download(`/app/reconcile/csv?report=${encodeURIComponent(view.report!.id)}`, "reconciliation.csv"),
              },
            ]
          : undefined
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {run.data && !run.data.ok ? <Banner tone="critical" title={run.data.message} /> : null}
            {csv.error ? <Banner tone="critical" title={csv.error} /> : null}
            {busy ? (
              <Banner tone="info" title={view.activity === "RUNNING" ? "Reconciliation running" : "Reconciliation waiting to start"}>
                <BlockStack gap="200">
                  <p id="reconcile-activity">
                    {view.activity === "RUNNING"
                      ? `Shopify is reading this store's inventory levels (started ${timeAgo(view.runningSince, now)}). This page updates by itself.`
                      : "The request is queued and starts in a moment. This page updates by itself."}
                  </p>
                  <InlineStack>
                    <Button onClick={() => revalidator.revalidate()} loading={revalidator.state !== "idle"}>
                      Reload
                    </Button>
                  </InlineStack>
                </BlockStack>
              </Banner>
            ) : null}
            {view.driftedItems > 0 ? (
              <Banner tone="warning" title={`${formatNumber(view.driftedItems)} items were changed in Shopify outside the app`}>
                <p>Your drift policy in Settings decides whether they are corrected on the next sync or left as they are.</p>
              </Banner>
            ) : null}
            {!r ? (
              <Card>
                <EmptyState heading="No reconciliation yet" image={EMPTY_IMAGE}>
                  <p>
                    A reconciliation runs daily. Run one now to compare every managed item's quantity in Shopify with what the warehouse says.
                  </p>
                </EmptyState>
              </Card>
            ) : (
              <>
                <Card>
                  <BlockStack gap="200">
                    <InlineStack gap="200" blockAlign="center">
                      <Text as="h2" variant="headingMd">
                        Latest report
                      </Text>
                      <span id="reconcile-status">
                        <Badge tone={STATUS_TONE[r.status]}>{STATUS_LABEL[r.status] ?? r.status}</Badge>
                      </span>
                    </InlineStack>
                    <Text as="p" tone="subdued" id="reconcile-when">
                      {`${humanReason(r.trigger)} run, started ${formatDateTime(r.startedAt)}${r.finishedAt ? `, finished ${formatDateTime(r.finishedAt)} (${timeAgo(r.finishedAt, now)})` : ""}.`}
                    </Text>
                    {r.error ? (
                      <Banner tone="critical" title="The reconciliation did not complete">
                        <p>{r.error}</p>
                      </Banner>
                    ) : null}
                  </BlockStack>
                </Card>
                <InlineGrid columns={{ xs: 2, md: 5 }} gap="300">
                  <Count label="Levels checked" value={r.checked} id="reconcile-checked" />
                  <Count label="In sync" value={r.matching} id="reconcile-matching" />
                  <Count label="Discrepancies" value={r.discrepancies} id="reconcile-discrepancies" />
                  <Count label="Fixes queued" value={r.corrected} id="reconcile-corrected" />
                  <Count label="Flagged" value={r.flagged} id="reconcile-flagged" />
                </InlineGrid>
                <Card padding="0">
                  {r.rows.length === 0 ? (
                    <EmptyState heading="Everything matches" image={EMPTY_IMAGE}>
                      <p>Shopify showed what the warehouse says for every level checked.</p>
                    </EmptyState>
                  ) : (
                    <IndexTable
                      resourceName={{ singular: "discrepancy", plural: "discrepancies" }}
                      itemCount={r.rows.length}
                      selectable={false}
                      headings={[
                        { title: "SKU" },
                        { title: "Location" },
                        { title: "Issue" },
                        { title: "Shopify showed", alignment: "end" },
                        { title: "Warehouse / we publish", alignment: "end" },
                        { title: "Done" },
                      ]}
                    >
                      {r.rows.map((row, i) => (
                        <IndexTable.Row id={`${row.itemId}-${row.locationId}`} key={`${row.itemId}-${row.locationId}`} position={i}>
                          <IndexTable.Cell>
                            <RemixLink to={`/app/items/${row.itemId}`}>{row.sku}</RemixLink>
                          </IndexTable.Cell>
                          <IndexTable.Cell>{shortGid(row.locationId)}</IndexTable.Cell>
                          <IndexTable.Cell>
                            <Badge tone={row.kind === "DRIFT" ? "warning" : row.kind === "NOT_TRACKED" ? "critical" : undefined}>{row.kindLabel}</Badge>
                          </IndexTable.Cell>
                          <IndexTable.Cell>
                            <Text as="span" alignment="end" numeric>
                              {row.shopify === null ? "-" : formatNumber(row.shopify)}
                            </Text>
                          </IndexTable.Cell>
                          <IndexTable.Cell>
                            <Text as="span" alignment="end" numeric>
                              {formatNumber(row.expected)}
                            </Text>
                          </IndexTable.Cell>
                          <IndexTable.Cell>
                            <BlockStack gap="050">
                              <Text as="span" fontWeight="semibold">
                                {row.actionLabel}
                              </Text>
                              <Text as="span" tone="subdued">
                                {row.note}
                              </Text>
                            </BlockStack>
                          </IndexTable.Cell>
                        </IndexTable.Row>
                      ))}
                    </IndexTable>
                  )}
                </Card>
                {r.truncated ? (
                  <Text as="p" tone="subdued">{`Showing the first ${formatNumber(r.rows.length)} of ${formatNumber(r.discrepancies)} discrepancies. Download the CSV for all of them.`}</Text>
                ) : null}
              </>
            )}
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBanner backUrl="/app" backLabel="Home" />;
}

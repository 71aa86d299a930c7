import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link as RemixLink, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  DataTable,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  List,
  Page,
  ProgressBar,
  Text,
} from "@shopify/polaris";
import vizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { connected, formObject, uiContext } from "../.server/wiring/route-context";
import { loadWebhookWarning } from "../.server/views/webhook-health";
import { repairWebhooksNow } from "../.server/wiring/webhook-health";
import { SHOP_OVERVIEW_QUERY, type ShopOverview } from "../.server/shopify/operations/shop-overview";
import { loadHomeStats } from "../.server/views/home";
import { loadNeedsAttention } from "../.server/views/needs-attention";
import { loadImportProgress } from "../.server/views/import-progress";
import { retryFailedJob } from "../.server/commands/retry-job";
import { reconcileSummary } from "../.server/reconcile/reconcile-page";
import { alwaysCost, throttleView } from "../.server/views/budget";
import { ConnectPrompt } from "../components/ConnectPrompt";
import { SyncCostBanner } from "../components/SyncCostBanner";
import { NeedsAttentionCard } from "../components/NeedsAttentionCard";
import { ImportProgressBanner } from "../components/ImportProgressBanner";
import { TwoSyncsBanner } from "../components/TwoSyncsBanner";
import { answerOwnSync } from "../.server/commands/answer-own-sync";
import { SyncsChart } from "../components/SyncsChart";
import { formatNumber, humanReason, timeAgo } from "../components/format";

export const links = () => [{ rel: "stylesheet", href: vizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await uiContext(request);
  // Through the throttled client: the page draws on the same per-shop budget as the writer, and the
  // answer's throttleStatus tells us how much of Shopify's bucket is in use right now.
  const { data, cost } = await ctx.admin().request<ShopOverview>(SHOP_OVERVIEW_QUERY);
  const throttle = throttleView(cost, ctx.shopId);
  const scope = connected(ctx);
  const stats = scope ? await loadHomeStats(ctx.prisma, scope) : null;
  const always = scope ? await alwaysCost(ctx.prisma, scope, throttle) : null;
  const reconcile = scope ? await reconcileSummary(ctx.prisma, ctx.shopId) : null;
  const webhookWarning = scope ? await loadWebhookWarning(ctx.prisma, scope.customer) : null;
  const attention = scope ? await loadNeedsAttention(ctx.prisma, ctx.queue, scope, webhookWarning) : [];
  const importProgress = scope ? await loadImportProgress(ctx.prisma, ctx.queue, scope) : null;
  return {
    shopName: data.shop.name,
    domain: data.shop.myshopifyDomain,
    plan: data.shop.plan.displayName,
    productCount: data.productsCount?.count ?? 0,
    locations: data.locations.nodes,
    defaultLocationId: ctx.scope.prefs.defaultLocationId,
    connected: scope !== null,
    customerName: ctx.scope.customer?.name ?? null,
    throttle,
    stats,
    always,
    reconcile,
    webhookWarning,
    attention,
    importProgress,
    ownSyncAnswer: ctx.scope.customer?.rules.ownSyncAnswer ?? null,
    now: Date.now(),
  };
};

// Needs attention: "Repair" checks the Whiplash subscriptions now and re-creates missing ones; "Retry"
// runs a job that gave up again.
export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await uiContext(request);
  const { fields } = await formObject(request);
  const scope = connected(ctx);
  if (fields.intent === "retryJob") {
    const retried = await retryFailedJob(ctx.queue, ctx.shopId, fields.jobId ?? "");
    return data(retried, { status: retried.ok ? 200 : retried.status });
  }
  // The two-syncs question (docs/decisions/0010), asked on Home after connecting.
  if (fields.intent === "own-sync") {
    if (!scope) return data({ ok: false, message: "Connect Whiplash first." }, { status: 409 });
    const result = await answerOwnSync(ctx.prisma, scope.customer.id, fields.answer);
    return data(result, { status: result.ok ? 200 : result.status });
  }
  if (fields.intent !== "repair") return data({ ok: false, message: "Unknown action." }, { status: 400 });
  if (!scope) return data({ ok: false, message: "Connect Whiplash first." }, { status: 409 });
  const result = await repairWebhooksNow(ctx.prisma, ctx.queue, scope.customer.id);
  return data(result, { status: result.ok ? 200 : 502 });
};

function Stat({ label, value, id, children }: { label: string; value: React.ReactNode; id?: string; children?: React.ReactNode }) {
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h3" variant="headingSm">
          {label}
        </Text>
        <Text as="p" variant="headingLg" id={id}>
          {value}
        </Text>
        {children}
      </BlockStack>
    </Card>
  );
}

export default function Home() {
  const d = useLoaderData<typeof loader>();
  const s = d.stats;
  const budgetPercent = d.throttle.maximumAvailable > 0 ? Math.round((d.throttle.inUse / d.throttle.maximumAvailable) * 100) : 0;
  const locationName = d.locations.find((l) => l.id === d.defaultLocationId)?.name ?? null;
  return (
    <Page title="Whiplash inventory sync" subtitle={d.customerName ? `Whiplash account: ${d.customerName}` : undefined}>
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {!d.connected ? <ConnectPrompt /> : null}
            <ImportProgressBanner progress={d.importProgress} />
            <NeedsAttentionCard entries={d.attention} now={d.now} />
            {d.connected ? <TwoSyncsBanner answer={d.ownSyncAnswer} /> : null}
            {d.connected && !d.defaultLocationId ? (
              <Banner tone="warning" title="Choose where your warehouse stock goes" action={{ content: "Open Settings", url: "/app/settings" }}>
                <p>No Shopify location is chosen for your Whiplash warehouses, so nothing can be synced yet. Pick one in Settings.</p>
              </Banner>
            ) : null}
            {s && !s.syncEnabled ? (
              <Banner tone="warning" title="Inventory sync is off for this store" action={{ content: "Turn it on in Settings", url: "/app/settings" }}>
                <p>Whiplash changes are recorded but nothing is written to Shopify until you turn sync back on.</p>
              </Banner>
            ) : null}
            {d.always ? <SyncCostBanner cost={d.always} /> : null}

            <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
              <Stat label="Store" value={<span id="shop-name">{d.shopName}</span>}>
                <Text as="p" tone="subdued">
                  {d.domain} · {d.plan}
                </Text>
              </Stat>
              <Stat label="Products" value={<span id="product-count">{d.productCount}</span>}>
                <Text as="p" tone="subdued">
                  {s ? `${formatNumber(s.matchedItems)} matched to Whiplash items` : "Not matched yet"}
                </Text>
              </Stat>
              <Stat
                label="Inventory sync"
                value={
                  <span id="sync-status">
                    {s ? (s.syncEnabled ? <Badge tone="success">On</Badge> : <Badge tone="critical">Off</Badge>) : <Badge>Not connected</Badge>}
                  </span>
                }
              >
                <Text as="p" tone="subdued">
                  {locationName ? `Warehouses publish to ${locationName}` : "No location chosen"}
                </Text>
              </Stat>
            </InlineGrid>

            {s ? (
              <InlineGrid columns={{ xs: 1, md: 4 }} gap="400">
                <Stat label="Last successful sync" value={<span id="last-sync">{timeAgo(s.lastSuccessfulSyncAt, d.now)}</span>} />
                <Stat label="Pending syncs" value={<span id="pending-count">{formatNumber(s.pending)}</span>}>
                  <Text as="p" tone="subdued">
                    {s.oldestPendingAt ? `Oldest queued ${timeAgo(s.oldestPendingAt, d.now)}` : "Nothing waiting"}
                  </Text>
                </Stat>
                <Stat label="Failed syncs (24 h)" value={<span id="failed-count">{formatNumber(s.failedLast24h)}</span>}>
                  {s.itemsWithError > 0 ? (
                    <RemixLink to="/app/items?error=yes">{formatNumber(s.itemsWithError)} items with an error</RemixLink>
                  ) : (
                    <Text as="p" tone="subdued">
                      No item is in error
                    </Text>
                  )}
                </Stat>
                <Stat label="Shopify budget in use" value={<span id="budget-in-use">{`${formatNumber(d.throttle.inUse)} / ${formatNumber(d.throttle.maximumAvailable)}`}</span>}>
                  <ProgressBar progress={budgetPercent} size="small" tone={budgetPercent > 80 ? "critical" : "primary"} ariaLabelledBy="budget-label" />
                  <Text as="p" tone="subdued" id="budget-label">
                    {`${budgetPercent}% of the bucket in use; refills ${d.throttle.restoreRate} points/s${d.throttle.known ? "" : " (assumed until Shopify answers)"}`}
                  </Text>
                </Stat>
              </InlineGrid>
            ) : null}
            {s ? (
              <Text as="p" tone="subdued" id="reconcile-summary">
                {d.reconcile
                  ? `${d.reconcile.finishedAt ? `Last reconciliation ${timeAgo(d.reconcile.finishedAt, d.now)}: ` : ""}${d.reconcile.text}${d.reconcile.running && d.reconcile.finishedAt ? " A new one is running." : ""} `
                  : "No reconciliation yet. "}
                <RemixLink to="/app/reconcile">View reconciliation</RemixLink>
              </Text>
            ) : null}
          </BlockStack>
        </Layout.Section>

        {s ? (
          <>
            <Layout.Section variant="oneHalf">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Items by sync decision
                  </Text>
                  {s.byReason.length === 0 ? (
                    <Text as="p" tone="subdued">
                      No item is matched to a Shopify variant yet. The import matches them by SKU after you connect Whiplash.
                    </Text>
                  ) : (
                    <List type="bullet">
                      {s.byReason.map((r) => (
                        <List.Item key={r.reason}>
                          <RemixLink to={`/app/items?reason=${r.reason}`} data-reason={r.reason}>
                            {`${formatNumber(r.count)} ${r.kind === "sync" ? "syncing" : "skipped"}: ${humanReason(r.reason)}`}
                          </RemixLink>{" "}
                          <Text as="span" tone="subdued" variant="bodySm">
                            {r.text}
                          </Text>
                        </List.Item>
                      ))}
                      {s.unmatchedSkus + s.duplicateSkus > 0 ? (
                        <List.Item>
                          <RemixLink to="/app/items/issues">{`${formatNumber(s.unmatchedSkus)} unmatched and ${formatNumber(s.duplicateSkus)} duplicate SKUs`}</RemixLink>
                        </List.Item>
                      ) : null}
                    </List>
                  )}
                </BlockStack>
              </Card>
            </Layout.Section>
            <Layout.Section variant="oneHalf">
              <Card>
                <BlockStack gap="300">
                  <Text as="h2" variant="headingMd">
                    Syncs per minute, last 24 hours
                  </Text>
                  <SyncsChart points={s.perMinute} />
                </BlockStack>
              </Card>
            </Layout.Section>
            <Layout.Section>
              <Card>
                <BlockStack gap="300">
                  <InlineStack align="space-between">
                    <Text as="h2" variant="headingMd">
                      Recent activity
                    </Text>
                    <InlineStack gap="300">
                      {s.activeBulkRuns > 0 ? <Link url="/app/bulk">{`${s.activeBulkRuns} bulk run(s) in progress`}</Link> : null}
                      <RemixLink to="/app/activity">All activity</RemixLink>
                    </InlineStack>
                  </InlineStack>
                  {s.activity.length === 0 ? (
                    <Box paddingBlock="200">
                      <Text as="p" tone="subdued">
                        Nothing yet. Every sync, sent or skipped, appears here with its reason.
                      </Text>
                    </Box>
                  ) : (
                    <DataTable
                      columnContentTypes={["text", "text", "text", "text", "numeric"]}
                      headings={["When", "Item", "Trigger", "What happened", "Quantity"]}
                      rows={s.activity.map((a) => [
                        timeAgo(a.at, d.now),
                        a.itemId ? <RemixLink to={`/app/items/${a.itemId}`}>{a.sku ?? a.itemId}</RemixLink> : "-",
                        humanReason(a.trigger),
                        a.text,
                        a.quantityAfter ?? "-",
                      ])}
                    />
                  )}
                </BlockStack>
              </Card>
            </Layout.Section>
          </>
        ) : null}
      </Layout>
    </Page>
  );
}

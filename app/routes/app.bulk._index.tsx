import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link as RemixLink, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { Badge, Banner, BlockStack, Box, Button, Card, DataTable, FormLayout, Layout, Page, ProgressBar, Select, Text } from "@shopify/polaris";
import { ITEM_SYNC_SETTINGS, SYNC_SETTING_LABELS, type ItemSyncSetting } from "../domain";
import { connected, formObject, uiContext, type UiContext } from "../.server/wiring/route-context";
import { createBulkRun, type SavedSearchOption } from "../.server/bulk/create-run";
import { listBulkRuns } from "../.server/bulk/run-views";
import { listSavedFilters } from "../.server/views/saved-filters";
import { UI_PRODUCT_SAVED_SEARCHES_QUERY, type UiProductSavedSearchesData } from "../.server/shopify/operations/merchant-ui";
import { costPerCall, throttleView } from "../.server/views/budget";
import { ConnectPrompt } from "../components/ConnectPrompt";
import { SyncCostBanner } from "../components/SyncCostBanner";
import { describeSyncCost, QUANTITIES_PER_CALL, syncCost } from "../shared/sync-cost";
import { formatNumber, timeAgo } from "../components/format";
import { useResultToast } from "../components/use-result-toast";

async function savedSearches(ctx: UiContext): Promise<{ searches: SavedSearchOption[]; restoreRate: number; maximumAvailable: number }> {
  const { data: d, cost } = await ctx.admin().request<UiProductSavedSearchesData>(UI_PRODUCT_SAVED_SEARCHES_QUERY);
  const t = throttleView(cost, ctx.shopId);
  return { searches: d.productSavedSearches.nodes, restoreRate: t.restoreRate, maximumAvailable: t.maximumAvailable };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await uiContext(request);
  const scope = connected(ctx);
  if (!scope) return { connected: false as const };
  let searches: SavedSearchOption[] = [];
  let searchError: string | null = null;
  let throttle = throttleView(undefined, ctx.shopId);
  try {
    const r = await savedSearches(ctx);
    searches = r.searches;
    throttle = { ...throttle, restoreRate: r.restoreRate, maximumAvailable: r.maximumAvailable };
  } catch (error) {
    searchError = (error as Error).message;
  }
  return {
    connected: true as const,
    searches,
    searchError,
    filters: await listSavedFilters(ctx.prisma, ctx.shopId),
    runs: await listBulkRuns(ctx.prisma, ctx.shopId),
    budget: { restoreRate: throttle.restoreRate, maximumAvailable: throttle.maximumAvailable, costPerCall: costPerCall() },
    now: Date.now(),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await uiContext(request);
  const scope = connected(ctx);
  if (!scope) return data({ ok: false, message: "Connect Whiplash in Settings first." }, { status: 409 });
  const { fields } = await formObject(request);
  // "source" is "search:<gid>" or "filter:<id>" from the one select on the page.
  const [kind, ...rest] = (fields.source ?? "").split(":");
  const ref = rest.join(":");
  const form = {
    action: fields.action,
    setting: fields.setting,
    source: kind === "search" ? "SAVED_SEARCH" : kind === "filter" ? "APP_FILTER" : fields.source,
    savedSearchId: kind === "search" ? ref : undefined,
    filterId: kind === "filter" ? ref : undefined,
  };
  const result = await createBulkRun(ctx.prisma, ctx.queue, scope, form, async () => (await savedSearches(ctx)).searches);
  if (!result.ok) return data(result, { status: result.status });
  return redirect(`/app/bulk/${result.runId}?started=1`);
};

export default function BulkIndex() {
  const d = useLoaderData<typeof loader>();
  if (!d.connected) {
    return (
      <Page title="Bulk sync">
        <ConnectPrompt />
      </Page>
    );
  }
  return <BulkPage d={d} />;
}

type Loaded = Extract<Awaited<ReturnType<typeof loader>>, { connected: true }>;

function BulkPage({ d }: { d: Loaded }) {
  const result = useActionData<typeof action>() as { ok: boolean; message: string; fieldErrors?: Record<string, string> } | undefined;
  useResultToast(result);
  const navigation = useNavigation();
  const starting = navigation.state === "submitting";
  const options = [
    { label: "Choose a saved search or filter", value: "", disabled: true },
    ...d.searches.map((s) => ({ label: `Shopify saved search: ${s.name} (${s.query})`, value: `search:${s.id}` })),
    ...d.filters.map((f) => ({ label: `App filter: ${f.name} (${f.description})`, value: `filter:${f.id}` })),
  ];
  const [source, setSource] = useState("");
  const [action, setAction] = useState<"SYNC" | "SET_SETTING">("SYNC");
  const [setting, setSetting] = useState<ItemSyncSetting>("CUSTOMER_DEFAULT");
  const errors = result?.fieldErrors ?? {};
  const perCall = syncCost(QUANTITIES_PER_CALL, d.budget, d.budget.costPerCall);
  return (
    <Page title="Bulk sync" subtitle="Sync inventory, or set Sync Inventory, on every item of a saved search">
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {d.searchError ? (
              <Banner tone="warning" title="Could not read this store's saved searches from Shopify">
                <p>{`${d.searchError}. Reload the page to try again; your app filters still work.`}</p>
              </Banner>
            ) : null}
            {result && !result.ok ? <Banner tone="critical" title={result.message} /> : null}
            <Card>
              <Form method="post">
                <FormLayout>
                  <Select
                    label="Items"
                    name="source"
                    options={options}
                    value={source}
                    onChange={setSource}
                    error={errors.source ?? errors.savedSearchId ?? errors.filterId}
                    helpText="Shopify saved product searches are read in the background with a bulk query; app filters are saved from the Items page."
                  />
                  <Select
                    label="Action"
                    name="action"
                    options={[
                      { label: "Sync inventory", value: "SYNC" },
                      { label: "Set Sync Inventory…", value: "SET_SETTING" },
                    ]}
                    value={action}
                    onChange={(v) => setAction(v as "SYNC" | "SET_SETTING")}
                    error={errors.action}
                  />
                  {action === "SET_SETTING" ? (
                    <Select
                      label="Set Sync Inventory to"
                      name="setting"
                      options={ITEM_SYNC_SETTINGS.map((s) => ({ value: s, label: SYNC_SETTING_LABELS[s] }))}
                      value={setting}
                      onChange={(v) => setSetting(v as ItemSyncSetting)}
                      error={errors.setting}
                      helpText='The same setting Whiplash calls "Set Sync Inventory Notifications".'
                    />
                  ) : null}
                  {action === "SET_SETTING" && setting === "ALWAYS" ? (
                    <SyncCostBanner
                      cost={{ ...perCall, sentence: `Each ${QUANTITIES_PER_CALL} items set to Always cost one ${perCall.costPerCall}-point call per change. ${describeSyncCost(perCall)}` }}
                      title="What Always costs in Shopify's budget"
                    />
                  ) : null}
                  <Button submit variant="primary" loading={starting} disabled={!source}>
                    Start
                  </Button>
                </FormLayout>
              </Form>
            </Card>
            <Card>
              <BlockStack gap="300">
                <Text as="h2" variant="headingMd">
                  Runs
                </Text>
                {d.runs.length === 0 ? (
                  <Box paddingBlock="200">
                    <Text as="p" tone="subdued">
                      No bulk run yet. Runs continue in the background; you can leave this page and come back.
                    </Text>
                  </Box>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "text", "text", "text"]}
                    headings={["Started", "Action", "Items", "Status", "Progress"]}
                    rows={d.runs.map((r) => [
                      <RemixLink key={r.id} to={`/app/bulk/${r.id}`}>
                        {timeAgo(r.createdAt, d.now)}
                      </RemixLink>,
                      r.actionLabel,
                      r.sourceLabel,
                      <Badge key={`s${r.id}`} tone={r.status === "DONE" ? "success" : r.status === "FAILED" ? "critical" : r.active ? "info" : undefined}>
                        {r.statusLabel}
                      </Badge>,
                      <div key={`p${r.id}`} style={{ minWidth: 120 }}>
                        <ProgressBar progress={r.percent} size="small" ariaLabelledBy={`run-${r.id}`} />
                        <span id={`run-${r.id}`}>{`${formatNumber(r.done)} / ${formatNumber(r.total)}`}</span>
                      </div>,
                    ])}
                  />
                )}
              </BlockStack>
            </Card>
          </BlockStack>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

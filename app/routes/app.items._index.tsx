import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData, useNavigate, useNavigation, useSearchParams, useSubmit } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useState } from "react";
import {
  Badge,
  Banner,
  BlockStack,
  Card,
  ChoiceList,
  EmptySearchResult,
  IndexFilters,
  IndexTable,
  InlineStack,
  Link,
  Box,
  Page,
  Select,
  Text,
  TextField,
  useIndexResourceState,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
  type TabProps,
} from "@shopify/polaris";
import { Modal, TitleBar, useAppBridge } from "@shopify/app-bridge-react";
import { ITEM_SYNC_SETTINGS, SYNC_SETTING_LABELS, type ItemSyncSetting } from "../domain";
import { connected, formObject, uiContext } from "../.server/wiring/route-context";
import { describeFilters, filterParams, listItems, parseItemListQuery } from "../.server/views/item-list";
import { DECISION_FILTERS } from "../shared/item-filters";
import { listSavedFilters, saveFilter } from "../.server/views/saved-filters";
import { createBulkRun } from "../.server/bulk/create-run";
import { costPerCall, throttleView } from "../.server/views/budget";
import { ConnectPrompt } from "../components/ConnectPrompt";
import { DecisionBadge } from "../components/DecisionBadge";
import { SyncCostBanner } from "../components/SyncCostBanner";
import { describeSyncCost, syncCost } from "../shared/sync-cost";
import { formatNumber, humanReason, timeAgo } from "../components/format";
import { useResultToast } from "../components/use-result-toast";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await uiContext(request);
  const scope = connected(ctx);
  if (!scope) return { connected: false as const };
  const query = parseItemListQuery(new URL(request.url).searchParams);
  const started = performance.now();
  const page = await listItems(ctx.prisma, scope, query);
  const serverMs = Math.round(performance.now() - started);
  const throttle = throttleView(undefined, ctx.shopId);
  return {
    connected: true as const,
    page,
    serverMs,
    filtersText: describeFilters(query),
    filterQuery: filterParams(query).toString(),
    savedFilters: await listSavedFilters(ctx.prisma, ctx.shopId),
    budget: { restoreRate: throttle.restoreRate, maximumAvailable: throttle.maximumAvailable, costPerCall: costPerCall() },
    hasDefaultLocation: scope.prefs.defaultLocationId !== null,
    now: Date.now(),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await uiContext(request);
  const scope = connected(ctx);
  if (!scope) return data({ ok: false, message: "Connect Whiplash in Settings first." }, { status: 409 });
  const { fields } = await formObject(request);
  if (fields.intent === "saveFilter") {
    const result = await saveFilter(ctx.prisma, ctx.shopId, fields);
    return data(result, { status: result.ok ? 200 : result.status });
  }
  if (fields.intent === "bulk") {
    const result = await createBulkRun(ctx.prisma, ctx.queue, scope, fields, async () => []);
    if (!result.ok) return data(result, { status: result.status });
    return redirect(`/app/bulk/${result.runId}?started=1`);
  }
  return data({ ok: false, message: "Unknown action." }, { status: 400 });
};

const SET_SETTING_MODAL = "set-sync-inventory-modal";
const SAVE_FILTER_MODAL = "save-filter-modal";

type Loaded = Extract<Awaited<ReturnType<typeof loader>>, { connected: true }>;

const REASON_CHOICES = DECISION_FILTERS.map((value) => ({
  value,
  label: value === "SYNC" ? "Syncs (any reason)" : value === "SKIP" ? "Skipped (any reason)" : humanReason(value),
}));
const SORTS: IndexFiltersProps["sortOptions"] = [
  { label: "SKU", value: "sku asc", directionLabel: "A-Z" },
  { label: "SKU", value: "sku desc", directionLabel: "Z-A" },
  { label: "Product", value: "title asc", directionLabel: "A-Z" },
  { label: "Product", value: "title desc", directionLabel: "Z-A" },
  { label: "Whiplash quantity", value: "whiplash desc", directionLabel: "Most first" },
  { label: "Whiplash quantity", value: "whiplash asc", directionLabel: "Fewest first" },
  { label: "Shopify quantity", value: "shopify desc", directionLabel: "Most first" },
  { label: "Shopify quantity", value: "shopify asc", directionLabel: "Fewest first" },
  { label: "Last synced", value: "synced desc", directionLabel: "Newest first" },
  { label: "Last synced", value: "synced asc", directionLabel: "Oldest first" },
];

export default function Items() {
  const loaded = useLoaderData<typeof loader>();
  if (!loaded.connected) {
    return (
      <Page title="Items">
        <ConnectPrompt />
      </Page>
    );
  }
  return <ItemsPage d={loaded} />;
}

function ItemsPage({ d }: { d: Loaded }) {
  const [params, setParams] = useSearchParams();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const submit = useSubmit();
  const actionData = useActionData<typeof action>();
  useResultToast(actionData && "message" in actionData ? (actionData as { ok: boolean; message: string }) : null);
  const loading = navigation.state !== "idle";
  const { page } = d;
  const rows = page.rows;

  // ---- search, filters and sort live in the URL (server-side paging) ----
  const setParam = useCallback(
    (changes: Record<string, string | undefined>) => {
      const next = new URLSearchParams(params);
      for (const [k, v] of Object.entries(changes)) {
        if (v === undefined || v === "") next.delete(k);
        else next.set(k, v);
      }
      if (!("page" in changes)) next.delete("page");
      setParams(next, { preventScrollReset: true });
    },
    [params, setParams],
  );
  const [queryValue, setQueryValue] = useState(params.get("q") ?? "");
  useEffect(() => {
    if ((params.get("q") ?? "") === queryValue) return;
    const t = setTimeout(() => setParam({ q: queryValue }), 300);
    return () => clearTimeout(t);
  }, [queryValue, params, setParam]);
  const { mode, setMode } = useSetIndexFiltersMode();

  const choice = (key: string, title: string, choices: { label: string; value: string }[]) => ({
    key,
    label: title,
    filter: (
      <ChoiceList
        title={title}
        titleHidden
        choices={choices}
        selected={params.get(key) ? [params.get(key)!] : []}
        onChange={(v) => setParam({ [key]: v[0] })}
      />
    ),
    shortcut: key === "setting" || key === "reason",
  });
  const filters = [
    choice(
      "setting",
      "Sync Inventory",
      ITEM_SYNC_SETTINGS.map((s) => ({ value: s, label: SYNC_SETTING_LABELS[s] })),
    ),
    choice("reason", "Decision", REASON_CHOICES),
    choice("po", "Process Orders", [
      { value: "on", label: "On" },
      { value: "off", label: "Off" },
    ]),
    choice("received", "Received", [
      { value: "yes", label: "Received" },
      { value: "no", label: "Never received" },
    ]),
    choice("mismatch", "Whiplash vs Shopify", [{ value: "yes", label: "Quantities differ" }]),
    choice("error", "Errors", [{ value: "yes", label: "Last sync failed" }]),
  ];
  const labelOf = (key: string, value: string) => {
    const f = filters.find((x) => x.key === key)!;
    const list = { setting: ITEM_SYNC_SETTINGS.map((s) => ({ value: s, label: SYNC_SETTING_LABELS[s] })), reason: REASON_CHOICES }[key as "setting" | "reason"];
    return `${f.label}: ${list?.find((c) => c.value === value)?.label ?? value}`;
  };
  const appliedFilters = filters
    .filter((f) => params.get(f.key))
    .map((f) => ({ key: f.key, label: labelOf(f.key, params.get(f.key)!), onRemove: () => setParam({ [f.key]: undefined }) }));

  const tabs: TabProps[] = [
    { id: "all", content: "All items", onAction: () => navigate("/app/items") },
    ...d.savedFilters.map((f) => ({ id: `saved-${f.id}`, content: f.name, onAction: () => navigate(`/app/items?${f.query}`) })),
    { id: "issues", content: "Unmatched & duplicate SKUs", onAction: () => navigate("/app/items/issues") },
  ];
  const selectedTab = Math.max(0, d.savedFilters.findIndex((f) => f.query === d.filterQuery) + 1);

  // ---- selection and bulk actions ----
  const resources = useMemo(() => rows.map((r) => ({ id: r.itemId })), [rows]);
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(resources);
  useEffect(() => clearSelection(), [page.page, d.filterQuery, clearSelection]);
  const selectionCount = allResourcesSelected ? page.total : selectedResources.length;
  const shopify = useAppBridge();
  const [bulkSetting, setBulkSetting] = useState<ItemSyncSetting>("CUSTOMER_DEFAULT");
  const [filterName, setFilterName] = useState("");
  const bulkFields = (action: "SYNC" | "SET_SETTING", setting?: ItemSyncSetting) => {
    const form = new FormData();
    form.set("intent", "bulk");
    form.set("action", action);
    if (setting) form.set("setting", setting);
    if (allResourcesSelected) {
      form.set("source", "FILTER");
      form.set("query", d.filterQuery);
    } else {
      form.set("source", "SELECTION");
      form.set("itemIds", JSON.stringify(selectedResources));
    }
    return form;
  };
  const runBulk = (action: "SYNC" | "SET_SETTING", setting?: ItemSyncSetting) => submit(bulkFields(action, setting), { method: "post" });
  const alwaysCost = bulkSetting === "ALWAYS" ? syncCost(selectionCount, d.budget, d.budget.costPerCall) : null;
  const errors = actionData && "fieldErrors" in actionData ? (actionData.fieldErrors as Record<string, string> | undefined) : undefined;

  const rowMarkup = rows.map((r, index) => (
    <IndexTable.Row id={r.itemId} key={r.itemId} position={index} selected={selectedResources.includes(r.itemId)}>
      <IndexTable.Cell>
        <Link url={`/app/items/${r.itemId}`} dataPrimaryLink monochrome removeUnderline>
          <Text as="span" fontWeight="semibold">
            {r.sku}
          </Text>
        </Link>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Text as="span">{r.productTitle}</Text>
          {r.variantTitle && r.variantTitle !== "Default Title" ? (
            <Text as="span" tone="subdued" variant="bodySm">
              {r.variantTitle}
            </Text>
          ) : null}
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <span data-cell="setting">{r.settingLabel}</span>
        {r.syncSetting === "CUSTOMER_DEFAULT" ? (
          <Text as="p" tone="subdued" variant="bodySm">
            {r.effectiveText}
          </Text>
        ) : null}
      </IndexTable.Cell>
      <IndexTable.Cell>
        <span data-cell="decision" data-reason={r.reason} title={r.reasonText}>
          <DecisionBadge decision={r.decision} reason={r.reason} text={r.reasonText} compact />
        </span>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={r.processOrders ? "success" : undefined}>{r.processOrders ? "On" : "Off"}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>{r.received ? "Yes" : "No"}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {formatNumber(r.whiplashQuantity)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <InlineStack gap="100" blockAlign="center" wrap={false}>
          <Text as="span" alignment="end" numeric>
            {formatNumber(r.shopifyTotal)}
          </Text>
          {r.mismatch ? <Badge tone="attention">{`differs (${formatNumber(r.publishTotal)})`}</Badge> : null}
        </InlineStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {r.lastError ? <Badge tone="critical">Failed</Badge> : <Text as="span">{timeAgo(r.lastSyncedAt, d.now)}</Text>}
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  const filtered = d.filterQuery !== "";
  return (
    <Page
      title="Items"
      subtitle={`${formatNumber(page.total)} matched items · ${d.filtersText}`}
      secondaryActions={[
        { content: "Save filter", disabled: !filtered, onAction: () => void shopify.modal.show(SAVE_FILTER_MODAL), accessibilityLabel: "Save the current search and filters" },
        { content: "Unmatched & duplicate SKUs", url: "/app/items/issues" },
      ]}
    >
      <BlockStack gap="400">
        {!d.hasDefaultLocation ? (
          <Banner tone="warning" title="No Shopify location is chosen for your warehouses" action={{ content: "Open Settings", url: "/app/settings" }}>
            <p>Until you choose one in Settings, every item is skipped with "no location".</p>
          </Banner>
        ) : null}
        {actionData && !actionData.ok ? (
          <Banner tone="critical" title={actionData.message}>
            {errors ? (
              <ul>
                {Object.values(errors).map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            ) : null}
          </Banner>
        ) : null}
        <Card padding="0">
          <IndexFilters
            sortOptions={SORTS}
            sortSelected={[`${page.query.sort} ${page.query.dir}`]}
            onSort={(v) => {
              const [sort, dir] = (v[0] ?? "sku asc").split(" ");
              setParam({ sort, dir });
            }}
            queryValue={queryValue}
            queryPlaceholder="Search by SKU or title"
            onQueryChange={setQueryValue}
            onQueryClear={() => {
              setQueryValue("");
              setParam({ q: undefined });
            }}
            tabs={tabs}
            selected={selectedTab}
            onSelect={() => undefined}
            filters={filters}
            appliedFilters={appliedFilters}
            onClearAll={() => navigate("/app/items")}
            mode={mode}
            setMode={setMode}
            loading={loading}
            cancelAction={{ onAction: () => undefined, disabled: false, loading: false }}
            canCreateNewView={false}
          />
          <IndexTable
            resourceName={{ singular: "item", plural: "items" }}
            itemCount={rows.length}
            selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
            onSelectionChange={handleSelectionChange}
            hasMoreItems={page.total > rows.length}
            loading={loading}
            promotedBulkActions={[
              { content: `Sync inventory`, onAction: () => runBulk("SYNC") },
              { content: "Set Sync Inventory…", onAction: () => void shopify.modal.show(SET_SETTING_MODAL) },
            ]}
            emptyState={
              <EmptySearchResult
                title={filtered ? "No items match" : "No matched items yet"}
                description={
                  filtered
                    ? "Try another search or remove a filter."
                    : "Items appear here once Whiplash items are matched to this store's variants by SKU (after connecting Whiplash). See unmatched SKUs for the ones that did not match."
                }
                withIllustration
              />
            }
            headings={[
              { title: "SKU" },
              { title: "Product" },
              { title: "Sync Inventory" },
              { title: "Decision" },
              { title: "Process Orders" },
              { title: "Received" },
              { title: "Whiplash", alignment: "end" },
              { title: "Shopify", alignment: "end" },
              { title: "Last synced" },
            ]}
            pagination={{
              hasNext: page.hasNext,
              hasPrevious: page.hasPrevious,
              onNext: () => setParam({ page: String(page.page + 1) }),
              onPrevious: () => setParam({ page: String(page.page - 1) }),
              label: `Page ${page.page} of ${page.pageCount}`,
            }}
          >
            {rowMarkup}
          </IndexTable>
        </Card>
        <Text as="p" tone="subdued" variant="bodySm">
          {`Server time ${d.serverMs} ms`}
        </Text>
      </BlockStack>

      {/* App Bridge modals (drawn by the admin): the body is portalled into the modal's own document,
          the title bar's buttons become its header and footer. */}
      <Modal id={SET_SETTING_MODAL}>
        <Box padding="400">
          <BlockStack gap="300">
            <Select
              label="Sync Inventory"
              options={ITEM_SYNC_SETTINGS.map((s) => ({ value: s, label: SYNC_SETTING_LABELS[s] }))}
              value={bulkSetting}
              onChange={(v) => setBulkSetting(v as ItemSyncSetting)}
              helpText='The same setting Whiplash calls "Set Sync Inventory Notifications". The item setting wins over your default (Customer Default follows the default in Settings).'
            />
            {alwaysCost && alwaysCost.items >= 1 ? (
              <SyncCostBanner cost={{ ...alwaysCost, sentence: describeSyncCost(alwaysCost) }} title={`Always on ${formatNumber(alwaysCost.items)} items`} />
            ) : null}
            <Text as="p" tone="subdued">
              Runs in the background with a progress bar and a downloadable result per item.
            </Text>
          </BlockStack>
        </Box>
        <TitleBar title={`Set Sync Inventory for ${formatNumber(selectionCount)} item${selectionCount === 1 ? "" : "s"}`}>
          <button
            variant="primary"
            disabled={loading}
            onClick={() => {
              void shopify.modal.hide(SET_SETTING_MODAL);
              runBulk("SET_SETTING", bulkSetting);
            }}
          >
            Set Sync Inventory
          </button>
          <button onClick={() => void shopify.modal.hide(SET_SETTING_MODAL)}>Cancel</button>
        </TitleBar>
      </Modal>

      <Modal id={SAVE_FILTER_MODAL}>
        <Box padding="400">
          <TextField
            label="Name"
            value={filterName}
            onChange={setFilterName}
            autoComplete="off"
            helpText={`Matches: ${d.filtersText}. Saved filters appear as tabs here and as sources on the Bulk sync page.`}
            error={errors?.name}
          />
        </Box>
        <TitleBar title="Save this filter">
          <button
            variant="primary"
            onClick={() => {
              void shopify.modal.hide(SAVE_FILTER_MODAL);
              submit({ intent: "saveFilter", name: filterName, query: d.filterQuery }, { method: "post" });
            }}
          >
            Save filter
          </button>
          <button onClick={() => void shopify.modal.hide(SAVE_FILTER_MODAL)}>Cancel</button>
        </TitleBar>
      </Modal>
    </Page>
  );
}

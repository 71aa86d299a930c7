import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator, useSearchParams } from "@remix-run/react";
import { useEffect, useState } from "react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  InlineStack,
  Layout,
  Page,
  Select,
  Tabs,
  Text,
  TextField,
} from "@shopify/polaris";
import { ITEM_SYNC_SETTINGS, SYNC_SETTING_LABELS, type ItemSyncSetting } from "../domain";
import { connected, formObject, uiContext } from "../.server/wiring/route-context";
import { loadItemDetail } from "../.server/views/item-detail";
import { summarizeItem } from "../.server/views/item-summary";
import { saveItemRules, setItemProcessOrders } from "../.server/commands/change-item-settings";
import { syncItemNow } from "../.server/commands/sync-items";
import {
  UI_INVENTORY_ITEM_LEVELS_QUERY,
  type UiInventoryItemLevelsData,
} from "../.server/shopify/operations/merchant-ui";
import { DecisionBadge } from "../components/DecisionBadge";
import { formatDateTime, formatNumber, humanReason, shortGid } from "../components/format";
import { useResultToast } from "../components/use-result-toast";
import { RouteErrorBanner } from "../components/RouteErrorBanner";
import { ItemSummaryCard } from "../components/ItemSummaryCard";

const notFound = () => new Response("This item is not in this store's catalog.", { status: 404 });

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const ctx = await uiContext(request);
  const scope = connected(ctx);
  if (!scope) throw notFound();
  const detail = await loadItemDetail(ctx.prisma, scope, params.id ?? "");
  if (!detail) throw notFound();
  // What Shopify shows now, read live (throttled client; a failure only hides this part of the page).
  let live: { locationId: string; name: string; available: number | null; onHand: number | null }[] | null = null;
  let liveError: string | null = null;
  try {
    const { data: levels } = await ctx.admin().request<UiInventoryItemLevelsData>(UI_INVENTORY_ITEM_LEVELS_QUERY, {
      variables: { id: detail.inventoryItemId },
    });
    live =
      levels.inventoryItem?.inventoryLevels.nodes.map((n) => ({
        locationId: n.location.id,
        name: n.location.name,
        available: n.quantities.find((q) => q.name === "available")?.quantity ?? null,
        onHand: n.quantities.find((q) => q.name === "on_hand")?.quantity ?? null,
      })) ?? [];
  } catch (error) {
    liveError = (error as Error).message;
  }
  return { detail, live, liveError, summary: summarizeItem(detail, live, new Date()), now: Date.now() };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const ctx = await uiContext(request);
  const scope = connected(ctx);
  if (!scope) return data({ ok: false as const, message: "Connect Whiplash in Settings first.", status: 409 }, { status: 409 });
  const { fields } = await formObject(request);
  const itemId = params.id ?? "";
  const result =
    fields.intent === "rules"
      ? await saveItemRules(ctx.prisma, ctx.queue, scope, itemId, fields)
      : fields.intent === "processOrders"
        ? await setItemProcessOrders(ctx.prisma, ctx.queue, scope, itemId, fields)
        : fields.intent === "syncNow"
          ? await syncItemNow(ctx.prisma, ctx.queue, scope, itemId)
          : ({ ok: false, status: 400, message: "Unknown action." } as const);
  return data({ ...result, intent: fields.intent }, { status: result.ok ? 200 : result.status });
};

type ActionData = { ok: boolean; message: string; detail?: string; fieldErrors?: Record<string, string>; intent?: string };

const TABS = [
  { id: "rules", content: "Rules", panelID: "rules-panel" },
  { id: "orders", content: "Orders", panelID: "orders-panel" },
  { id: "inventory", content: "Inventory", panelID: "inventory-panel" },
  { id: "history", content: "History", panelID: "history-panel" },
];

export default function ItemDetailPage() {
  const { detail: d, live, liveError, summary, now } = useLoaderData<typeof loader>();
  const [params, setParams] = useSearchParams();
  const selected = Math.max(0, TABS.findIndex((t) => t.id === params.get("tab")));
  const rules = useFetcher<ActionData>();
  const orders = useFetcher<ActionData>();
  const sync = useFetcher<ActionData>();
  useResultToast(rules.data);
  useResultToast(orders.data);
  useResultToast(sync.data);
  const revalidator = useRevalidator();
  // While a sync of this item waits for the writer, look again so its result appears here by itself.
  useEffect(() => {
    if (d.pending.length === 0) return;
    const t = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(t);
  }, [d.pending.length, revalidator]);

  const [setting, setSetting] = useState<ItemSyncSetting>(d.syncSetting);
  const [buffer, setBuffer] = useState(d.bufferOverride === null ? "" : String(d.bufferOverride));
  useEffect(() => {
    setSetting(d.syncSetting);
    setBuffer(d.bufferOverride === null ? "" : String(d.bufferOverride));
  }, [d.syncSetting, d.bufferOverride]);
  const errors = rules.data?.fieldErrors ?? {};
  const locationName = (id: string | null) => live?.find((l) => l.locationId === id)?.name ?? shortGid(id);

  const rulesPanel = (
    // data-save-bar: App Bridge's contextual save bar while the rules differ from the saved ones.
    <rules.Form
      method="post"
      data-save-bar
      onReset={() => {
        setSetting(d.syncSetting);
        setBuffer(d.bufferOverride === null ? "" : String(d.bufferOverride));
      }}
    >
      <input type="hidden" name="intent" value="rules" />
      <BlockStack gap="400">
        <Select
          label="Sync Inventory"
          name="syncSetting"
          options={ITEM_SYNC_SETTINGS.map((s) => ({ value: s, label: SYNC_SETTING_LABELS[s] }))}
          value={setting}
          onChange={(v) => setSetting(v as ItemSyncSetting)}
          error={errors.syncSetting}
          helpText="The item setting wins over your default in Settings. It is the same setting as the item's Rules tab in Whiplash."
        />
        <Text as="p" tone="subdued">
          <span id="sync-setting-set-by">{`Set by ${d.syncSettingSetByText}${d.syncSettingSetAt ? `, ${formatDateTime(d.syncSettingSetAt)}` : ""}.`}</span>
          {d.whiplashSyncSetting !== null ? <span id="whiplash-sync-setting">{` In Whiplash: ${d.whiplashSyncSetting}.`}</span> : null}
          {d.whiplashIncludeInbound !== null ? ` Inbound stock ${d.whiplashIncludeInbound ? "is" : "is not"} published (Whiplash).` : ""}
        </Text>
        {d.rulesWritePendingAt ? (
          <Banner tone="info">
            <p id="rules-write-pending">{`Waiting for Whiplash: your change of ${formatDateTime(d.rulesWritePendingAt)} is being written to the item's Rules tab in Whiplash.`}</p>
          </Banner>
        ) : null}
        {d.rulesWriteError ? (
          <Banner tone="critical">
            <p id="rules-write-error">{d.rulesWriteError}</p>
          </Banner>
        ) : null}
        {d.unknownSyncCode ? (
          <Banner tone="warning">
            <p id="unknown-sync-code">{d.unknownSyncCode}</p>
          </Banner>
        ) : null}
        <Box id="effective-decision">
          <BlockStack gap="100">
            <Text as="p">
              <Text as="span" fontWeight="semibold">
                Resolves to:{" "}
              </Text>
              <span id="effective-setting">{d.effectiveText}</span>
            </Text>
            <DecisionBadge decision={d.decision} reason={d.reason} text={d.reasonText} />
          </BlockStack>
        </Box>
        {setting === "ALWAYS" && d.syncSetting !== "ALWAYS" ? (
          <Banner tone="info">
            <p>
              Always syncs this item on every change, even while Process Orders is off. With our writer one item costs 10 points of
              Shopify's budget per call it shares with up to 249 others, so a single item adds almost nothing.
            </p>
          </Banner>
        ) : null}
        <TextField
          label="Buffer override (units)"
          name="bufferOverride"
          value={buffer}
          onChange={setBuffer}
          autoComplete="off"
          inputMode="numeric"
          placeholder={`Default: ${d.defaultBuffer}`}
          helpText={`Units held back from Shopify. Leave empty to use your default buffer (${d.defaultBuffer}).`}
          error={errors.bufferOverride}
        />
        {rules.data && !rules.data.ok && !rules.data.fieldErrors ? <Banner tone="critical" title={rules.data.message} /> : null}
        {/* The contextual save bar is the tab's save action (Shopify's guidance: no second Save button).
            This unseen default button keeps Enter in a field submitting the form. */}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </BlockStack>
    </rules.Form>
  );

  const ordersPanel = (
    <BlockStack gap="300">
      <InlineStack gap="200" blockAlign="center">
        <Text as="p" variant="headingSm">
          Process Orders
        </Text>
        <span id="process-orders-state">
          <Badge tone={d.processOrders ? "success" : undefined}>{d.processOrders ? "On" : "Off"}</Badge>
        </span>
      </InlineStack>
      <Text as="p" tone="subdued">
        <span id="process-orders-set-by">{`Set by ${d.processOrdersSetByText}${d.processOrdersSetAt ? `, ${formatDateTime(d.processOrdersSetAt)}` : ""}.`}</span>
        {` Automation: ${d.processOrdersModeLabel}.`}
        {d.whiplashProcessOrders !== null ? ` In Whiplash: ${d.whiplashProcessOrders ? "on" : "off"}.` : ""}
      </Text>
      {d.processOrdersDisagreement ? (
        <Banner tone="warning">
          <p id="process-orders-disagreement">{d.processOrdersDisagreement}</p>
        </Banner>
      ) : null}
      {d.processOrdersSetBy === "PERSON" && !d.processOrders ? (
        <Banner tone="info">
          <p>A person switched Process Orders off, so automation will not switch it back on at the next receipt. Switch it on here when the item may sell again.</p>
        </Banner>
      ) : null}
      <orders.Form method="post">
        <input type="hidden" name="intent" value="processOrders" />
        <input type="hidden" name="processOrders" value={d.processOrders ? "off" : "on"} />
        <Button submit loading={orders.state !== "idle"}>
          {d.processOrders ? "Turn Process Orders off" : "Turn Process Orders on"}
        </Button>
      </orders.Form>
    </BlockStack>
  );

  const inventoryPanel = (
    <BlockStack gap="400">
      <Text as="h3" variant="headingSm">
        Whiplash stock by warehouse
      </Text>
      {d.stock.length === 0 ? (
        <Text as="p" tone="subdued">
          No stock recorded at any warehouse.
        </Text>
      ) : (
        <DataTable
          columnContentTypes={["text", "numeric", "text"]}
          headings={["Warehouse", "Sellable", "Publishes to"]}
          rows={d.stock.map((s) => [`Warehouse ${s.warehouseId}`, formatNumber(s.sellable), locationName(s.locationId)])}
        />
      )}
      <Text as="h3" variant="headingSm">
        Ship notices
      </Text>
      {d.shipLines.length === 0 ? (
        <Text as="p" tone="subdued">
          No ship-notice lines for this item.
        </Text>
      ) : (
        <DataTable
          columnContentTypes={["text", "text", "numeric", "numeric", "numeric", "text"]}
          headings={["Ship notice", "Warehouse", "Expected", "Received", "Damaged", "Published early"]}
          rows={d.shipLines.map((l) => [
            `#${l.shipNoticeId} line ${l.lineId}${l.completed ? " (completed)" : ""}`,
            `Warehouse ${l.warehouseId}`,
            l.expected,
            l.receivedGood,
            l.damaged,
            l.publish ? "Yes" : "No",
          ])}
        />
      )}
      <Text as="h3" variant="headingSm">
        Shopify
      </Text>
      {liveError ? (
        <Banner tone="warning" title="Could not read Shopify's quantities just now">
          <p>{`${liveError}. Reload the page to try again; what we last wrote is shown below.`}</p>
        </Banner>
      ) : null}
      <DataTable
        columnContentTypes={["text", "numeric", "numeric", "numeric", "text"]}
        headings={["Location", "We publish", "We last wrote", "Shopify shows now", "Last write"]}
        rows={[...new Set([...d.locations.map((l) => l.locationId), ...d.levels.map((l) => l.locationId), ...(live ?? []).map((l) => l.locationId)])].map((loc) => {
          const mine = d.locations.find((l) => l.locationId === loc);
          const level = d.levels.find((l) => l.locationId === loc);
          const now = live?.find((l) => l.locationId === loc);
          return [
            locationName(loc),
            mine ? formatNumber(mine.publish) : "-",
            formatNumber(level?.writtenQuantity ?? null),
            now ? formatNumber(now.available) : formatNumber(level?.knownQuantity ?? null),
            level?.writtenAt ? formatDateTime(level.writtenAt) : "never",
          ];
        })}
      />
    </BlockStack>
  );

  // Sync Inventory changes on both sides (here and in Whiplash), newest first (docs/decisions/0010).
  const ruleHistory =
    d.ruleHistory.length === 0 ? null : (
      <div id="rule-history">
        <DataTable
          columnContentTypes={["text", "text"]}
          headings={["When", "Sync Inventory"]}
          rows={d.ruleHistory.map((r) => [formatDateTime(r.at), <span key={r.id} data-side={r.side}>{r.text}</span>])}
        />
      </div>
    );
  const syncHistory =
    d.history.length === 0 ? (
      <Text as="p" tone="subdued">
        No sync yet. Every sync of this item, sent or skipped, is listed here with its reason.
      </Text>
    ) : (
      <div id="history-log">
        <DataTable
          columnContentTypes={["text", "text", "text", "text", "numeric"]}
          headings={["When", "Trigger", "Result", "Reason", "Quantity"]}
          rows={d.history.map((h) => [
            formatDateTime(h.at),
            humanReason(h.trigger),
            <Badge key={h.id} tone={h.decision === "SYNCED" ? "success" : h.decision === "FAILED" ? "critical" : undefined}>
              {h.decision === "SYNCED" ? "Written" : h.decision === "FAILED" ? "Failed" : "Skipped"}
            </Badge>,
            <span key={`r${h.id}`} data-reason={h.reason}>
              {h.text}
            </span>,
            h.quantityAfter === null
              ? "-"
              : h.decision === "SKIPPED"
                ? `would be ${h.quantityAfter}`
                : `${h.quantityBefore ?? "?"} → ${h.quantityAfter}`,
          ])}
        />
      </div>
    );
  const historyPanel = (
    <BlockStack gap="400">
      {syncHistory}
      {ruleHistory}
    </BlockStack>
  );

  return (
    <Page
      backAction={{ content: "Items", url: "/app/items" }}
      title={d.sku}
      subtitle={`${d.productTitle}${d.variantTitle && d.variantTitle !== "Default Title" ? ` · ${d.variantTitle}` : ""}`}
      titleMetadata={<DecisionBadge decision={d.decision} reason={d.reason} text={d.reasonText} compact />}
      primaryAction={
        <sync.Form method="post">
          <input type="hidden" name="intent" value="syncNow" />
          <Button submit variant="primary" loading={sync.state !== "idle"}>
            Sync now
          </Button>
        </sync.Form>
      }
    >
      <Layout>
        <Layout.Section>
          <BlockStack gap="400">
            {sync.data ? (
              <Banner tone={sync.data.ok ? "info" : "critical"} title={sync.data.message}>
                <p id="sync-result">
                  {d.pending.length > 0
                    ? `Waiting for the writer: ${d.pending.map((p) => `${p.wanted} to ${locationName(p.locationId)}`).join(", ")}.`
                    : d.history[0]
                      ? `Latest: ${d.history[0].text}${d.history[0].quantityAfter !== null ? ` (${d.history[0].quantityAfter})` : ""}`
                      : (sync.data.detail ?? "")}
                </p>
              </Banner>
            ) : null}
            {d.lastError ? (
              <Banner tone="critical" title="The last write to Shopify failed">
                <p>{`${d.lastError}. Fix the cause in Shopify (for example "Track quantity"), then use Sync now.`}</p>
              </Banner>
            ) : null}
            <Card padding="0">
              <Tabs tabs={TABS} selected={selected} onSelect={(i) => setParams({ tab: TABS[i].id }, { replace: true, preventScrollReset: true })}>
                <Box padding="400" id={TABS[selected].panelID}>
                  {selected === 0 ? rulesPanel : selected === 1 ? ordersPanel : selected === 2 ? inventoryPanel : historyPanel}
                </Box>
              </Tabs>
            </Card>
          </BlockStack>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <ItemSummaryCard
            summary={summary}
            whiplashQuantity={d.whiplashQuantity}
              unitsInFlight={d.unitsInFlight}
            received={d.received}
            firstReceivedAt={d.firstReceivedAt}
            lastSyncedAt={d.lastSyncedAt}
            whiplashItemId={d.whiplashItemId}
            now={now}
          />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export function ErrorBoundary() {
  return <RouteErrorBanner backUrl="/app/items" backLabel="Items" />;
}

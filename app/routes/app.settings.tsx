import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useState } from "react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  Checkbox,
  FormLayout,
  InlineStack,
  Layout,
  Page,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import type { ProcessOrdersMode, SyncSetting } from "../domain";
import { connected, formObject, uiContext, type UiContext } from "../.server/wiring/route-context";
import { loadSettings } from "../.server/views/settings";
import { saveSettings, settingsFormInput } from "../.server/commands/save-settings";
import {
  cancelWhiplashConnect,
  confirmWhiplashConnect,
  envOAuthConfig,
  finishWhiplashConnect,
  startWhiplashConnect,
  testWhiplashConnection,
  whiplashConfigured,
  type ConnectResult,
} from "../.server/lifecycle/whiplash-connect";
import { disconnectWhiplash } from "../.server/lifecycle/whiplash-disconnect";
import { chooseDefaultLocation } from "../.server/lifecycle/default-location";
import { logger } from "../.server/logger";
import { UI_LOCATIONS_QUERY, type UiLocationsData } from "../.server/shopify/operations/merchant-ui";
import { alwaysCost, throttleView } from "../.server/views/budget";
import { envWhiplashClientFactory } from "../.server/wiring/whiplash-client-factory";
import { SyncCostBanner } from "../components/SyncCostBanner";
import { WebhookHealthBanner } from "../components/WebhookHealthBanner";
import { loadWebhookWarning } from "../.server/views/webhook-health";
import { loadImportProgress } from "../.server/views/import-progress";
import { ImportProgressBanner } from "../components/ImportProgressBanner";
import { repairWebhooksNow } from "../.server/wiring/webhook-health";
import { formatDateTime, timeAgo } from "../components/format";
import { useResultToast } from "../components/use-result-toast";
import { TwoSyncsBanner } from "../components/TwoSyncsBanner";
import { answerOwnSync } from "../.server/commands/answer-own-sync";

async function shopLocations(ctx: Awaited<ReturnType<typeof uiContext>>) {
  const { data: d, cost } = await ctx.admin().request<UiLocationsData>(UI_LOCATIONS_QUERY);
  return {
    locations: d.locations.nodes.filter((l) => l.isActive).map((l) => ({ id: l.id, name: l.name })),
    primary: d.location?.id ?? null,
    throttle: throttleView(cost, ctx.shopId),
  };
}

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await uiContext(request);
  const { locations, primary, throttle } = await shopLocations(ctx);
  const settings = await loadSettings(ctx.prisma, ctx.scope, whiplashConfigured(envOAuthConfig()));
  const scope = connected(ctx);
  // What Always as the default would cost: the count of items that would then be effectively Always.
  const alwaysIfDefault = scope ? await alwaysCost(ctx.prisma, scope, throttle, { defaultSetting: "ALWAYS", minItems: 1 }) : null;
  const webhookWarning = scope ? await loadWebhookWarning(ctx.prisma, scope.customer) : null;
  const importProgress = scope ? await loadImportProgress(ctx.prisma, ctx.queue, scope) : null;
  return { settings, locations, suggestedLocation: settings.defaultLocationId ?? primary, alwaysIfDefault, webhookWarning, importProgress, now: Date.now() };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const ctx = await uiContext(request);
  const { form, fields } = await formObject(request);
  switch (fields.intent) {
    case "save": {
      const { locations } = await shopLocations(ctx);
      const result = await saveSettings(ctx.prisma, ctx.queue, ctx.scope, settingsFormInput(form), locations);
      return data({ ...result, intent: "save" }, { status: result.ok ? 200 : result.status });
    }
    case "connect": {
      const config = envOAuthConfig();
      if (!whiplashConfigured(config)) {
        return data(
          {
            ok: false,
            intent: "connect",
            message:
              "This deployment has no Whiplash application configured (WHIPLASH_CLIENT_ID, WHIPLASH_CLIENT_SECRET, ENCRYPTION_KEY). Ask the app's operator.",
          },
          { status: 409 }
        );
      }
      return {
        ok: true,
        intent: "connect",
        message: "Sign in to Whiplash in the window that opened",
        authorizeUrl: await startWhiplashConnect(ctx.prisma, config, { shopId: ctx.shopId, userId: ctx.userId }),
      };
    }
    // The connect popup handed this page the claim of the sign-in it started (see whiplash-connect.ts).
    case "finish": {
      const who = { shopId: ctx.shopId, userId: ctx.userId };
      const result = await finishWhiplashConnect(ctx.prisma, ctx.queue, envOAuthConfig(), who, { state: fields.state ?? "", claim: fields.claim ?? "" }, chooseLocation(ctx.prisma));
      return connectAnswer("finish", result);
    }
    case "confirm-connect": {
      const who = { shopId: ctx.shopId, userId: ctx.userId };
      const result = await confirmWhiplashConnect(ctx.prisma, ctx.queue, envOAuthConfig(), who, fields.confirmToken ?? "", chooseLocation(ctx.prisma));
      return connectAnswer("confirm-connect", result);
    }
    case "cancel-connect": {
      await cancelWhiplashConnect(ctx.prisma, ctx.shopId);
      return { ok: true, intent: "cancel-connect", message: "Whiplash was not connected." };
    }
    case "test": {
      const scope = connected(ctx);
      if (!scope) return data({ ok: false, intent: "test", message: "Connect Whiplash first." }, { status: 409 });
      const client = envWhiplashClientFactory(ctx.prisma, { maxRetries: 1, timeoutMs: 10_000 })(scope.customer);
      const result = await testWhiplashConnection(client, scope.customer.whiplashCustomerId);
      return data({ ...result, intent: "test" }, { status: result.ok ? 200 : 502 });
    }
    case "repair": {
      const scope = connected(ctx);
      if (!scope) return data({ ok: false, intent: "repair", message: "Connect Whiplash first." }, { status: 409 });
      const result = await repairWebhooksNow(ctx.prisma, ctx.queue, scope.customer.id);
      return data({ ...result, intent: "repair" }, { status: result.ok ? 200 : 502 });
    }
    case "own-sync": {
      const scope = connected(ctx);
      if (!scope) return data({ ok: false, intent: "own-sync", message: "Connect Whiplash first." }, { status: 409 });
      const result = await answerOwnSync(ctx.prisma, scope.customer.id, fields.answer);
      return data({ ...result, intent: "own-sync" }, { status: result.ok ? 200 : result.status });
    }
    case "disconnect": {
      const result = await disconnectWhiplash(ctx.prisma, ctx.shopId);
      if (!result.disconnected) return data({ ok: false, intent: "disconnect", message: "Not connected." }, { status: 409 });
      return {
        ok: true,
        intent: "disconnect",
        message:
          result.otherStores > 0
            ? "This store is disconnected from Whiplash. The other stores connected to the same Whiplash account keep syncing."
            : "This store is disconnected from Whiplash and its login is forgotten. Connect again to resume.",
      };
    }
  }
  return data({ ok: false, intent: "unknown", message: "Unknown action." }, { status: 400 });
};

// Standard setup: every warehouse publishes to one location; pick the store's primary one if none is
// chosen, before the import queues the first sync.
const chooseLocation = (prisma: UiContext["prisma"]) => (shopId: string) =>
  chooseDefaultLocation(prisma, shopId).catch((error: Error) =>
    logger.warn("could not choose a default location after connecting Whiplash", { shop: shopId, error: error.message }),
  );

function connectAnswer(intent: string, result: ConnectResult) {
  if (!result.ok) return data({ ok: false, intent, message: result.message }, { status: 409 });
  if ("needsConfirmation" in result) {
    const { confirmToken, customerName, whiplashCustomerId, otherStores } = result;
    return { ok: true, intent, message: "", confirm: { confirmToken, customerName, whiplashCustomerId, otherStores } };
  }
  return { ok: true, intent, message: `Connected to Whiplash: ${result.customerName} (#${result.whiplashCustomerId}). Your items are being imported.` };
}

type Confirm = { confirmToken: string; customerName: string; whiplashCustomerId: number; otherStores: number };
type Result = { ok: boolean; message: string; intent?: string; fieldErrors?: Record<string, string>; authorizeUrl?: string; confirm?: Confirm };

export default function Settings() {
  const { settings: s, locations, suggestedLocation, alwaysIfDefault, webhookWarning, importProgress, now } = useLoaderData<typeof loader>();
  const saved = useActionData<typeof action>() as Result | undefined;
  const connection = useFetcher<Result>();
  const revalidator = useRevalidator();
  useResultToast(saved);
  useResultToast(connection.data);
  const savedKey = JSON.stringify([s.syncEnabled, s.defaultLocationId, s.mapping, s.prefs]);
  // The save bar's Discard resets the form: a fresh mount starts again from the saved values.
  const [discards, setDiscards] = useState(0);

  // Connect: Whiplash's authorize page opens in its own window; the callback tells us when it is done.
  useEffect(() => {
    const url = connection.data?.authorizeUrl;
    if (url) window.open(url, "whiplash-connect", "width=640,height=720");
  }, [connection.data]);
  // The popup's callback page hands back the claim of the sign-in this page started; finishing it here
  // runs under this page's Shopify session (whiplash-connect.ts). The action revalidates the page.
  const submitConnection = connection.submit;
  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      const m = event.data as { type?: string; state?: unknown; claim?: unknown } | null;
      if (event.origin !== window.location.origin || m?.type !== "whiplash-authorized") return;
      if (typeof m.state !== "string" || typeof m.claim !== "string") return;
      submitConnection({ intent: "finish", state: m.state, claim: m.claim }, { method: "post" });
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [submitConnection]);

  const c = s.connection;
  return (
    <Page title="Settings">
      <Layout>
        <Layout.Section>
          {/* Always mounted: the Repair result stays visible after the warning it fixed is gone. */}
          <WebhookHealthBanner warning={webhookWarning} now={now} />
        </Layout.Section>
        {importProgress ? (
          <Layout.Section>
            <ImportProgressBanner progress={importProgress} />
          </Layout.Section>
        ) : null}
        {c.connected ? (
          <Layout.Section>
            <TwoSyncsBanner answer={s.ownSyncAnswer} />
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Banner tone="info">
            <p id="standard-setup">
              Standard setup: items sync only while set to Process Orders, and Process Orders switches on when Whiplash receives an item, so
              items imported but never received are never zeroed in Shopify and each starts syncing once it is received.
            </p>
          </Banner>
        </Layout.Section>

        <Layout.AnnotatedSection
          id="whiplash"
          title="Whiplash connection"
          description="Your Whiplash customer account. Stock and receipts come from here."
        >
          <Card>
            <BlockStack gap="300">
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" fontWeight="semibold">
                  Status
                </Text>
                <span id="whiplash-status">
                  {c.connected && c.hasTokens ? (
                    <Badge tone="success">{`Connected: ${c.customerName ?? ""} (#${c.whiplashCustomerId})`}</Badge>
                  ) : c.connected ? (
                    <Badge tone="warning">Signed out</Badge>
                  ) : (
                    <Badge>Not connected</Badge>
                  )}
                </span>
              </InlineStack>
              {c.connected ? (
                <Text as="p" id="webhook-status" tone={c.lastWebhookAt ? undefined : "caution"}>
                  {c.lastWebhookAt
                    ? `Signed webhooks are arriving: the last one was verified ${timeAgo(c.lastWebhookAt, now)} (${formatDateTime(
                        c.lastWebhookAt
                      )}).`
                    : "No signed webhook from Whiplash has arrived yet. They start after the import subscribes to them; if none arrive after a stock change in Whiplash, use Test connection and reconnect."}
                </Text>
              ) : null}
              <Text as="p" tone="subdued" variant="bodySm">
                Webhooks are verified with this deployment's Whiplash signing secret, which is never shown here.
              </Text>
              {!c.configured ? (
                <Banner tone="warning" title="Whiplash is not configured for this deployment">
                  <p>The operator must set WHIPLASH_CLIENT_ID, WHIPLASH_CLIENT_SECRET and ENCRYPTION_KEY.</p>
                </Banner>
              ) : null}
              {connection.data && !connection.data.ok ? <Banner tone="critical" title={connection.data.message} /> : null}
              {connection.data?.confirm ? <ConfirmConnect confirm={connection.data.confirm} connection={connection} /> : null}
              {connection.data?.ok && connection.data.intent === "test" ? <Banner tone="success" title={connection.data.message} /> : null}
              {connection.data?.authorizeUrl && connection.data.intent === "connect" ? (
                <Text as="p" tone="subdued">
                  {"After you authorize in the Whiplash window, this page updates. "}
                  {/* rel="opener": the callback hands its claim to the window that opened it (this one). */}
                  <a href={connection.data.authorizeUrl} target="_blank" rel="opener" id="authorize-link">
                    Open the Whiplash sign-in again
                  </a>
                </Text>
              ) : null}
              <InlineStack gap="200">
                <connection.Form method="post">
                  <input type="hidden" name="intent" value="connect" />
                  <Button
                    submit
                    variant={c.connected && c.hasTokens ? "secondary" : "primary"}
                    disabled={!c.configured}
                    loading={connection.state !== "idle" && connection.formData?.get("intent") === "connect"}
                  >
                    {c.connected ? "Reconnect Whiplash" : "Connect Whiplash"}
                  </Button>
                </connection.Form>
                {c.connected ? (
                  <connection.Form method="post">
                    <input type="hidden" name="intent" value="test" />
                    <Button submit loading={connection.state !== "idle" && connection.formData?.get("intent") === "test"}>
                      Test connection
                    </Button>
                  </connection.Form>
                ) : null}
                {c.connected ? (
                  <connection.Form method="post">
                    <input type="hidden" name="intent" value="disconnect" />
                    <Button submit variant="plain" tone="critical">
                      Disconnect this store
                    </Button>
                  </connection.Form>
                ) : null}
                <Button onClick={() => revalidator.revalidate()} variant="plain">
                  Refresh status
                </Button>
              </InlineStack>
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.Section>
          {/* Keyed by the saved values: a revalidation with the same values keeps unsaved edits. */}
          <SettingsForm
            key={`${savedKey}:${discards}`}
            onDiscard={() => setDiscards((n) => n + 1)}
            s={s}
            locations={locations}
            suggestedLocation={suggestedLocation}
            alwaysIfDefault={alwaysIfDefault}
            saved={saved}
          />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

/** Linking a Whiplash account another store already uses: said plainly, confirmed by a click. */
function ConfirmConnect({ confirm: c, connection }: { confirm: Confirm; connection: ReturnType<typeof useFetcher<Result>> }) {
  const stores = c.otherStores === 1 ? "another store" : `${c.otherStores} other stores`;
  return (
    <Banner tone="warning" title={`Connect this store to the Whiplash account ${c.customerName} (#${c.whiplashCustomerId})?`}>
      <BlockStack gap="200">
        <p id="confirm-connect-text">
          {`${c.customerName} is already connected to ${stores}. Connecting it here shares its catalogue, stock and customer-wide settings with ${
            c.otherStores === 1 ? "that store" : "those stores"
          }: a change of those settings here changes them there too. Only continue if all these stores belong to your company.`}
        </p>
        <InlineStack gap="200">
          <connection.Form method="post">
            <input type="hidden" name="intent" value="confirm-connect" />
            <input type="hidden" name="confirmToken" value={c.confirmToken} />
            <Button submit variant="primary">{`Connect to ${c.customerName}`}</Button>
          </connection.Form>
          <connection.Form method="post">
            <input type="hidden" name="intent" value="cancel-connect" />
            <Button submit>Cancel</Button>
          </connection.Form>
        </InlineStack>
      </BlockStack>
    </Banner>
  );
}

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>;

function SettingsForm({
  s,
  locations,
  suggestedLocation,
  alwaysIfDefault,
  saved,
  onDiscard,
}: {
  onDiscard: () => void;
  s: Loaded["settings"];
  locations: Loaded["locations"];
  suggestedLocation: string | null;
  alwaysIfDefault: Loaded["alwaysIfDefault"];
  saved: Result | undefined;
}) {
  const errors = saved?.fieldErrors ?? {};
  const c = s.connection;
  const [syncEnabled, setSyncEnabled] = useState(s.syncEnabled);
  const [defaultLocationId, setDefaultLocationId] = useState(suggestedLocation ?? "");
  const [defaultSyncSetting, setDefaultSyncSetting] = useState<SyncSetting>(s.prefs?.defaultSyncSetting ?? "PROCESS_ORDERS_ONLY");
  const [processOrdersMode, setProcessOrdersMode] = useState<ProcessOrdersMode>(s.prefs?.processOrdersMode ?? "ON_RECEIPT_OFF_AT_SELLOUT");
  const [defaultBuffer, setDefaultBuffer] = useState(String(s.prefs?.defaultBuffer ?? 0));
  const [driftPolicy, setDriftPolicy] = useState(s.prefs?.driftPolicy ?? "CORRECT");
  const [rulesWriteBack, setRulesWriteBack] = useState(String(s.prefs?.rulesWriteBack ?? true));
  const [mapping, setMapping] = useState<Record<string, string>>(
    Object.fromEntries(s.warehouses.map((w) => [String(w), s.mapping[w] ?? ""]))
  );
  const locationOptions = [
    { label: "Choose a location", value: "", disabled: true },
    ...locations.map((l) => ({ label: l.name, value: l.id })),
  ];
  return (
    // data-save-bar: App Bridge shows its contextual save bar while the values differ from the saved ones
    // and asks before the merchant leaves the page with them.
    <Form method="post" id="settings-form" data-save-bar onReset={onDiscard}>
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="syncEnabled" value={syncEnabled ? "true" : "false"} />
      <BlockStack gap="400">
        {saved && !saved.ok && saved.intent === "save" ? (
          <Banner tone="critical" title={saved.message}>
            <ul>
              {Object.entries(errors).map(([k, v]) => (
                <li key={k}>{v}</li>
              ))}
            </ul>
          </Banner>
        ) : null}
        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              This store
            </Text>
            <Checkbox
              label="Sync inventory"
              helpText="When off, nothing is written to this store's inventory; Whiplash changes are still recorded and sent when you turn it back on."
              checked={syncEnabled}
              onChange={setSyncEnabled}
              id="sync-enabled"
              error={errors.syncEnabled}
            />
            <Select
              label="Shopify location for your Whiplash stock"
              name="defaultLocationId"
              options={locationOptions}
              value={defaultLocationId}
              onChange={setDefaultLocationId}
              error={errors.defaultLocationId}
              helpText="Every warehouse publishes here unless mapped below."
            />
          </BlockStack>
        </Card>

        {s.prefs ? (
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Customer preferences
              </Text>
              <Text as="p" tone="subdued">
                {`These apply to every store connected to the Whiplash account ${c.customerName ?? ""}.`}
              </Text>
              <FormLayout>
                <Select
                  label="Default Sync Inventory"
                  name="defaultSyncSetting"
                  options={s.options.syncSettings}
                  value={defaultSyncSetting}
                  onChange={(v) => setDefaultSyncSetting(v as SyncSetting)}
                  error={errors.defaultSyncSetting}
                  helpText="Items set to Customer Default follow this. It is the same setting as Sync Inventory on Whiplash's Customer Preferences page."
                />
                {s.prefs ? (
                  <Text as="p" tone="subdued">
                    <span id="default-set-by">{`Set by ${s.prefs.defaultSetByText}${s.prefs.defaultSetAt ? `, ${formatDateTime(s.prefs.defaultSetAt)}` : ""}.`}</span>
                    {s.prefs.whiplashDefault ? ` In Whiplash: ${s.prefs.whiplashDefault}.` : ""}
                    {s.prefs.defaultWritePendingAt ? " Waiting for Whiplash to take your change." : ""}
                  </Text>
                ) : null}
                {s.prefs?.unknownDefaultCode ? (
                  <Banner tone="warning">
                    <p id="unknown-default-code">{s.prefs.unknownDefaultCode}</p>
                  </Banner>
                ) : null}
                <Select
                  label="Sync Inventory changes made here"
                  name="rulesWriteBack"
                  options={[
                    { label: "Write them to Whiplash too (one set of rules)", value: "true" },
                    { label: "Keep Whiplash's screens the only editor (read only)", value: "false" },
                  ]}
                  value={rulesWriteBack}
                  onChange={setRulesWriteBack}
                  error={errors.rulesWriteBack}
                  helpText="Changes made in Whiplash are always read. Written changes show as waiting until Whiplash has them."
                />
                {defaultSyncSetting === "ALWAYS" && alwaysIfDefault ? (
                  <SyncCostBanner
                    cost={alwaysIfDefault}
                    title={`Always would apply to ${alwaysIfDefault.items.toLocaleString("en-US")} items`}
                  />
                ) : null}
                <Select
                  label="Process Orders automation"
                  name="processOrdersMode"
                  options={s.options.processOrdersModes}
                  value={processOrdersMode}
                  onChange={(v) => setProcessOrdersMode(v as ProcessOrdersMode)}
                  error={errors.processOrdersMode}
                  helpText="A person can always switch an item's Process Orders by hand on its Orders tab."
                />
                <TextField
                  label="Default buffer (units)"
                  name="defaultBuffer"
                  value={defaultBuffer}
                  onChange={setDefaultBuffer}
                  autoComplete="off"
                  inputMode="numeric"
                  error={errors.defaultBuffer}
                  helpText="Units held back from Shopify per item and location; items can override it."
                />
                <Select
                  label="When someone changes a synced quantity in Shopify"
                  name="driftPolicy"
                  options={[
                    { label: "Put Whiplash's quantity back (correct it)", value: "CORRECT" },
                    { label: "Leave it and flag the item", value: "FLAG" },
                  ]}
                  value={driftPolicy}
                  onChange={(v) => setDriftPolicy(v as "CORRECT" | "FLAG")}
                  error={errors.driftPolicy}
                />
              </FormLayout>
            </BlockStack>
          </Card>
        ) : null}

        <Card>
          <BlockStack gap="300">
            <Text as="h2" variant="headingMd">
              Warehouse to location mapping
            </Text>
            {s.warehouses.length === 0 ? (
              <Text as="p" tone="subdued">
                No warehouse seen yet. Warehouses appear here once Whiplash items are imported.
              </Text>
            ) : (
              s.warehouses.map((w) => (
                <Select
                  key={w}
                  label={`Warehouse ${w}`}
                  name={`warehouse.${w}`}
                  options={[
                    { label: "Same as above (default location)", value: "" },
                    ...locations.map((l) => ({ label: l.name, value: l.id })),
                  ]}
                  value={mapping[String(w)] ?? ""}
                  onChange={(v) => setMapping((m) => ({ ...m, [String(w)]: v }))}
                  error={errors[`warehouse.${w}`]}
                />
              ))
            )}
          </BlockStack>
        </Card>
        {/* The contextual save bar is the page's save action (Shopify's guidance: no second Save button).
            This unseen default button keeps Enter in a field submitting the form. */}
        <button type="submit" hidden aria-hidden="true" tabIndex={-1} />
      </BlockStack>
    </Form>
  );
}

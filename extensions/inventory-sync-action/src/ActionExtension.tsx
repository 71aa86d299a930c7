/** @jsxImportSource preact */
// Product index selection action: "Sync inventory with Whiplash" or "Set Sync Inventory" on the
// selected products. The backend queues the work (rule 3.8) and answers with per-variant results;
// request building and the summary are in bulk.ts (unit-tested), this file lays them out with Polaris
// web components. (The pragma: the repository's root tsconfig compiles React JSX for the app.)
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useState } from "preact/hooks";
import type { BulkAction, BulkResult } from "../../../app/shared/extension-contract";
import { settingOptions, isItemSyncSetting, type ItemSyncSetting } from "../../../app/shared/sync-settings";
import { buildBulkRequest, submitBulk, summarize } from "./bulk";

// Shopify CLI (api_version >= 2025-10) bundles this module as
// `shopify.extend("admin.product-index.selection-action.render", (...args) => thisDefault(...args))`.
export default async () => {
  render(<SyncInventoryAction />, document.body);
};

const HEADING = "Whiplash inventory sync";

function SyncInventoryAction() {
  const { data, close } = shopify;
  const [setting, setSetting] = useState<ItemSyncSetting>("CUSTOMER_DEFAULT");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<BulkResult | null>(null);

  async function run(action: BulkAction) {
    const built = buildBulkRequest(action, data.selected, action === "SET_SETTING" ? setting : undefined);
    if (!built.ok) return setError(built.error);
    setBusy(true);
    setError(null);
    try {
      setResult(await submitBulk(fetch, built.request));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (result) {
    const summary = summarize(result);
    return (
      <s-admin-action heading={HEADING}>
        <s-banner tone={summary.tone} heading={summary.title}>
          <s-stack direction="block" gap="small">
            {summary.lines.map((line) => (
              <s-text key={line}>{line}</s-text>
            ))}
          </s-stack>
        </s-banner>
        <s-button slot="primary-action" onClick={() => close()}>
          Done
        </s-button>
      </s-admin-action>
    );
  }
  return (
    <s-admin-action heading={HEADING} loading={busy}>
      <s-stack direction="block" gap="base">
        {error && <s-banner tone="critical">{error}</s-banner>}
        <s-text>{`${data.selected.length} product(s) selected.`}</s-text>
        <s-text>
          Sync writes the warehouse quantity of every eligible variant now, even if Shopify already shows it. Variants
          that are not eligible are reported with the reason.
        </s-text>
        <s-select
          label="Sync Inventory setting (for Set Sync Inventory)"
          value={setting}
          onChange={(event) => {
            const value = event.currentTarget.value;
            if (isItemSyncSetting(value)) setSetting(value);
          }}
        >
          {settingOptions(null).map((option) => (
            <s-option key={option.value} value={option.value}>
              {option.label}
            </s-option>
          ))}
        </s-select>
      </s-stack>
      <s-button slot="primary-action" variant="primary" disabled={busy} onClick={() => void run("SYNC")}>
        Sync inventory with Whiplash
      </s-button>
      <s-button slot="secondary-actions" disabled={busy} onClick={() => void run("SET_SETTING")}>
        Set Sync Inventory
      </s-button>
    </s-admin-action>
  );
}

/** @jsxImportSource preact */
// Product details block: per variant, the Sync Inventory setting (editable), the decision the rules make
// with its reason, and the Whiplash vs Shopify quantity. The data and sentences come from the app
// backend, which uses the same domain core as the app's own pages; what to show per variant is decided
// in view-model.ts (plain data, unit-tested), this file only lays it out with Polaris web components.
// (The pragma above: the repository's root tsconfig compiles React JSX for the app; extensions use Preact.)
import "@shopify/ui-extensions/preact";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import type { ProductSyncView } from "../../../app/shared/extension-contract";
import { loadProductView, saveItemSetting } from "./api";
import { isItemSyncSetting, settingOptions } from "../../../app/shared/sync-settings";
import { collapsedSummary, replaceVariant, variantRow } from "./view-model";

// Shopify CLI (api_version >= 2025-10) bundles this module as
// `shopify.extend("admin.product-details.block.render", (...args) => thisDefault(...args))`.
export default async () => {
  render(<ProductSyncBlock />, document.body);
};

const HEADING = "Whiplash inventory sync";

function ProductSyncBlock() {
  const productId = shopify.data.selected[0]?.id;
  const [view, setView] = useState<ProductSyncView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState<string | null>(null);

  useEffect(() => {
    if (!productId) return;
    loadProductView(fetch, productId)
      .then(setView)
      .catch((e: Error) => setError(e.message));
  }, [productId]);

  async function onChange(variantId: string, value: string) {
    if (!productId || !isItemSyncSetting(value)) return;
    setSaving(variantId);
    setError(null);
    try {
      const updated = await saveItemSetting(fetch, { productId, variantId, syncSetting: value });
      setView((current) => (current ? replaceVariant(current, updated) : current));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSaving(null);
    }
  }

  if (!view) {
    return (
      <s-admin-block heading={HEADING}>
        {error ? <s-banner tone="critical">{error}</s-banner> : <s-spinner accessibilityLabel="Loading" />}
      </s-admin-block>
    );
  }
  const options = settingOptions(view.customerDefault);
  return (
    <s-admin-block heading={HEADING} collapsedSummary={collapsedSummary(view)}>
      <s-stack direction="block" gap="base">
        {error && <s-banner tone="critical">{error}</s-banner>}
        {!view.connected && <s-banner tone="warning">Connect a Whiplash account in the app to sync inventory.</s-banner>}
        {view.connected && !view.shopSyncEnabled && (
          <s-banner tone="info">Inventory sync is turned off for this store in the app&apos;s settings.</s-banner>
        )}
        {view.variants.map((variant, index) => {
          const row = variantRow(variant);
          return (
            <s-stack key={row.variantId} direction="block" gap="small">
              {index > 0 && <s-divider />}
              <s-stack direction="inline" gap="base" justifyContent="space-between">
                <s-text type="strong">{row.title}</s-text>
                <s-badge tone={row.badge.tone}>{row.badge.text}</s-badge>
              </s-stack>
              <s-text>{row.reason}</s-text>
              <s-text>{row.quantities}</s-text>
              {row.warning && <s-banner tone="warning">{row.warning}</s-banner>}
              {row.editable && (
                <s-select
                  label="Sync Inventory"
                  value={row.setting ?? "CUSTOMER_DEFAULT"}
                  disabled={saving === row.variantId}
                  onChange={(event) => void onChange(row.variantId, event.currentTarget.value)}
                >
                  {options.map((option) => (
                    <s-option key={option.value} value={option.value}>
                      {option.label}
                    </s-option>
                  ))}
                </s-select>
              )}
            </s-stack>
          );
        })}
        {view.variants.length === 0 && <s-text>This product has no variants.</s-text>}
      </s-stack>
    </s-admin-block>
  );
}

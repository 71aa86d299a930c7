// Product details block: per variant, the Sync Inventory setting (editable), the decision the rules make
// with its reason, and the Whiplash vs Shopify quantity. The data and sentences come from the app
// backend, which uses the same domain core as the app's own pages.
import { useCallback, useEffect, useState } from "react";
import {
  AdminBlock,
  Badge,
  Banner,
  BlockStack,
  Divider,
  InlineStack,
  ProgressIndicator,
  Select,
  Text,
  reactExtension,
  useApi,
} from "@shopify/ui-extensions-react/admin";
import type { ProductSyncView } from "../../../app/shared/extension-contract";
import { loadProductView, saveItemSetting } from "./api";
import { isItemSyncSetting, settingOptions } from "../../../app/shared/sync-settings";
import { collapsedSummary, replaceVariant, variantRow } from "./view-model";

const TARGET = "admin.product-details.block.render";

export default reactExtension(TARGET, () => <ProductSyncBlock />);

function ProductSyncBlock() {
  const { data } = useApi(TARGET);
  const productId = data.selected[0]?.id;
  const [view, setView] = useState<ProductSyncView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState<string | null>(null);

  useEffect(() => {
    if (!productId) return;
    loadProductView(fetch, productId)
      .then(setView)
      .catch((e: Error) => setError(e.message));
  }, [productId]);

  const onChange = useCallback(
    async (variantId: string, value: string) => {
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
    },
    [productId],
  );

  if (!view) {
    return (
      <AdminBlock title="Whiplash inventory sync">
        {error ? <Banner tone="critical">{error}</Banner> : <ProgressIndicator size="small-200" />}
      </AdminBlock>
    );
  }
  const options = settingOptions(view.customerDefault);
  return (
    <AdminBlock title="Whiplash inventory sync" collapsedSummary={collapsedSummary(view)}>
      <BlockStack gap>
        {error && <Banner tone="critical">{error}</Banner>}
        {!view.connected && <Banner tone="warning">Connect a Whiplash account in the app to sync inventory.</Banner>}
        {view.connected && !view.shopSyncEnabled && (
          <Banner tone="info">Inventory sync is turned off for this store in the app&apos;s settings.</Banner>
        )}
        {view.variants.map((variant, index) => {
          const row = variantRow(variant);
          return (
            <BlockStack key={row.variantId} gap="small">
              {index > 0 && <Divider />}
              <InlineStack gap inlineAlignment="space-between">
                <Text fontWeight="bold">{row.title}</Text>
                <Badge tone={row.badge.tone}>{row.badge.text}</Badge>
              </InlineStack>
              <Text>{row.reason}</Text>
              <Text>{row.quantities}</Text>
              {row.warning && <Banner tone="warning">{row.warning}</Banner>}
              {row.editable && (
                <Select
                  label="Sync Inventory"
                  options={options}
                  value={row.setting ?? "CUSTOMER_DEFAULT"}
                  disabled={saving === row.variantId}
                  onChange={(value) => void onChange(row.variantId, value)}
                />
              )}
            </BlockStack>
          );
        })}
        {view.variants.length === 0 && <Text>This product has no variants.</Text>}
      </BlockStack>
    </AdminBlock>
  );
}

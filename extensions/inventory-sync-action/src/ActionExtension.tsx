// Product index selection action: "Sync inventory with Whiplash" or "Set Sync Inventory" on the
// selected products. The backend queues the work (rule 3.8) and answers with per-variant results.
import { useState } from "react";
import {
  AdminAction,
  Banner,
  BlockStack,
  Button,
  Select,
  Text,
  reactExtension,
  useApi,
} from "@shopify/ui-extensions-react/admin";
import type { BulkAction, BulkResult } from "../../../app/shared/extension-contract";
import { settingOptions, isItemSyncSetting, type ItemSyncSetting } from "../../../app/shared/sync-settings";
import { buildBulkRequest, submitBulk, summarize } from "./bulk";

const TARGET = "admin.product-index.selection-action.render";

export default reactExtension(TARGET, () => <SyncInventoryAction />);

function SyncInventoryAction() {
  const { data, close } = useApi(TARGET);
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
      <AdminAction title="Whiplash inventory sync" primaryAction={<Button onPress={close}>Done</Button>}>
        <Banner tone={summary.tone} title={summary.title}>
          <BlockStack gap="small">
            {summary.lines.map((line) => (
              <Text key={line}>{line}</Text>
            ))}
          </BlockStack>
        </Banner>
      </AdminAction>
    );
  }
  return (
    <AdminAction
      title="Whiplash inventory sync"
      loading={busy}
      primaryAction={
        <Button disabled={busy} onPress={() => void run("SYNC")}>
          Sync inventory with Whiplash
        </Button>
      }
      secondaryAction={
        <Button disabled={busy} onPress={() => void run("SET_SETTING")}>
          Set Sync Inventory
        </Button>
      }
    >
      <BlockStack gap>
        {error && <Banner tone="critical">{error}</Banner>}
        <Text>{`${data.selected.length} product(s) selected.`}</Text>
        <Text>
          Sync writes the warehouse quantity of every eligible variant now, even if Shopify already shows it. Variants
          that are not eligible are reported with the reason.
        </Text>
        <Select
          label="Sync Inventory setting (for Set Sync Inventory)"
          options={settingOptions(null)}
          value={setting}
          onChange={(value) => isItemSyncSetting(value) && setSetting(value)}
        />
      </BlockStack>
    </AdminAction>
  );
}

// The first import's progress (views/import-progress.ts) on Home and Settings. While it shows, the page
// looks again every 1.5 s, so the counts move and the banner goes away when the import finishes.
import { useEffect } from "react";
import { useRevalidator } from "@remix-run/react";
import { Banner, BlockStack, Text } from "@shopify/polaris";
import { formatNumber } from "./format";

export interface ImportProgressView {
  phase: "waiting" | "running";
  itemsRead: number;
  matched: number;
  unmatched: number;
}

export function ImportProgressBanner({ progress }: { progress: ImportProgressView | null }) {
  const revalidator = useRevalidator();
  const active = progress !== null;
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 1500);
    return () => clearInterval(t);
  }, [active, revalidator]);
  if (!progress) return null;
  return (
    <Banner tone="info" title={progress.phase === "running" ? "Importing your Whiplash items" : "Your Whiplash import is about to start"}>
      <BlockStack gap="100">
        <Text as="p">
          <span id="import-progress" data-read={progress.itemsRead} data-matched={progress.matched} data-unmatched={progress.unmatched}>
            {`${formatNumber(progress.itemsRead)} items read from Whiplash, ${formatNumber(progress.matched)} matched to this store's variants by SKU, ${formatNumber(progress.unmatched)} unmatched.`}
          </span>
        </Text>
        <Text as="p" tone="subdued">
          Matching starts once every item is read. Nothing needs doing here; this page updates until the import finishes.
        </Text>
      </BlockStack>
    </Banner>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { MatchIssueKind } from "@prisma/client";
import { Badge, BlockStack, Card, EmptyState, IndexTable, Page, Tabs, Text } from "@shopify/polaris";
import { uiContext } from "../.server/wiring/route-context";
import { listMatchIssues } from "../.server/catalog/match-issues";
import { formatNumber, timeAgo } from "../components/format";
import { EMPTY_IMAGE } from "../components/empty-image";

const KINDS = ["UNMATCHED_SKU", "DUPLICATE_SKU_IN_SHOPIFY", "DUPLICATE_SKU_IN_WHIPLASH"] as const;
const KIND_LABELS: Record<(typeof KINDS)[number], string> = {
  UNMATCHED_SKU: "Unmatched SKUs",
  DUPLICATE_SKU_IN_SHOPIFY: "Duplicate in Shopify",
  DUPLICATE_SKU_IN_WHIPLASH: "Duplicate in Whiplash",
};

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const ctx = await uiContext(request);
  const url = new URL(request.url);
  const kind = (KINDS as readonly string[]).includes(url.searchParams.get("kind") ?? "") ? (url.searchParams.get("kind") as MatchIssueKind) : undefined;
  const page = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const result = await listMatchIssues(ctx.prisma, ctx.shopId, { kind, page });
  return { ...result, kind: kind ?? null, page, now: Date.now() };
};

export default function MatchIssues() {
  const d = useLoaderData<typeof loader>();
  const [, setParams] = useSearchParams();
  const navigation = useNavigation();
  const tabs = [
    { id: "all", content: `All (${formatNumber(Object.values(d.counts).reduce((a, b) => a + b, 0))})` },
    ...KINDS.map((k) => ({ id: k, content: `${KIND_LABELS[k]} (${formatNumber(d.counts[k])})` })),
  ];
  const selected = d.kind ? KINDS.indexOf(d.kind as (typeof KINDS)[number]) + 1 : 0;
  return (
    <Page title="Unmatched and duplicate SKUs" backAction={{ content: "Items", url: "/app/items" }}>
      <BlockStack gap="400">
        <Text as="p" tone="subdued">
          Items are matched to Shopify variants by SKU, one to one. These SKUs could not be matched, so they are never synced: the app
          reports them instead of guessing.
        </Text>
        <Card padding="0">
          <Tabs tabs={tabs} selected={selected} onSelect={(i) => setParams(i === 0 ? {} : { kind: KINDS[i - 1] })} />
          {d.rows.length === 0 ? (
            <EmptyState heading="Nothing to fix" image={EMPTY_IMAGE}>
              <p>Every SKU in this view matched exactly one variant.</p>
            </EmptyState>
          ) : (
            <IndexTable
              resourceName={{ singular: "SKU", plural: "SKUs" }}
              itemCount={d.rows.length}
              selectable={false}
              loading={navigation.state !== "idle"}
              headings={[{ title: "SKU" }, { title: "Problem" }, { title: "What to do" }, { title: "Candidates" }, { title: "Since" }]}
              pagination={{
                hasPrevious: d.page > 1,
                hasNext: d.page * 50 < d.total,
                onPrevious: () => setParams({ ...(d.kind ? { kind: d.kind } : {}), page: String(d.page - 1) }),
                onNext: () => setParams({ ...(d.kind ? { kind: d.kind } : {}), page: String(d.page + 1) }),
              }}
            >
              {d.rows.map((r, i) => (
                <IndexTable.Row id={r.id} key={r.id} position={i}>
                  <IndexTable.Cell>
                    <Text as="span" fontWeight="semibold">
                      {r.sku}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Badge tone={r.kind === "UNMATCHED_SKU" ? "attention" : "warning"}>{KIND_LABELS[r.kind]}</Badge>
                  </IndexTable.Cell>
                  <IndexTable.Cell>
                    <Text as="span" variant="bodySm">
                      {r.text}
                    </Text>
                  </IndexTable.Cell>
                  <IndexTable.Cell>{r.candidates.length ? r.candidates.join(", ") : "-"}</IndexTable.Cell>
                  <IndexTable.Cell>{timeAgo(r.since, d.now)}</IndexTable.Cell>
                </IndexTable.Row>
              ))}
            </IndexTable>
          )}
        </Card>
      </BlockStack>
    </Page>
  );
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { BlockStack, Card, InlineGrid, Layout, List, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { SHOP_OVERVIEW_QUERY, type ShopOverview } from "../.server/shopify-admin/operations/shop-overview";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { admin } = await authenticate.admin(request);
  const response = await admin.graphql(SHOP_OVERVIEW_QUERY);
  const { data } = (await response.json()) as { data: ShopOverview };
  return {
    shopName: data.shop.name,
    domain: data.shop.myshopifyDomain,
    plan: data.shop.plan.displayName,
    locations: data.locations.nodes,
    productCount: data.productsCount?.count ?? 0,
  };
};

export default function Index() {
  const overview = useLoaderData<typeof loader>();
  return (
    <Page title="Whiplash inventory sync">
      <Layout>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm">
                  Store
                </Text>
                <Text as="p" variant="headingLg" id="shop-name">
                  {overview.shopName}
                </Text>
                <Text as="p" tone="subdued">
                  {overview.domain} · {overview.plan}
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm">
                  Products
                </Text>
                <Text as="p" variant="headingLg" id="product-count">
                  {overview.productCount}
                </Text>
              </BlockStack>
            </Card>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm">
                  Locations
                </Text>
                <List>
                  {overview.locations.map((l) => (
                    <List.Item key={l.id}>{l.name}</List.Item>
                  ))}
                </List>
              </BlockStack>
            </Card>
          </InlineGrid>
        </Layout.Section>
      </Layout>
    </Page>
  );
}

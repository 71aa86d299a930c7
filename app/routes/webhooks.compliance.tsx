import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { platformDeps } from "../.server/wiring/deps.server";
import { TOPICS } from "../.server/intake/shopify-topics";
import { handleShopifyWebhook } from "../.server/intake/shopify-webhooks";

// The three mandatory privacy topics share one URL (compliance_topics in shopify.app.toml).
// authenticate.webhook answers 401 on a bad HMAC, which Shopify's review checks.
const COMPLIANCE = [TOPICS.customersDataRequest, TOPICS.customersRedact, TOPICS.shopRedact];

export const action = async ({ request }: ActionFunctionArgs) => {
  const hook = await authenticate.webhook(request);
  return handleShopifyWebhook(platformDeps(), hook, COMPLIANCE);
};

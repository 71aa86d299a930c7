import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { platformDeps } from "../.server/wiring/deps.server";
import { TOPICS } from "../.server/intake/shopify-topics";
import { handleShopifyWebhook } from "../.server/intake/shopify-webhooks";

// orders/updated: units ordered in Shopify that Whiplash has not imported yet (rule 3.9).
// authenticate.webhook answers 401 on a bad HMAC (and 405 to anything but POST) by throwing a Response.
export const action = async ({ request }: ActionFunctionArgs) => {
  const hook = await authenticate.webhook(request);
  return handleShopifyWebhook(platformDeps(), hook, [TOPICS.ordersUpdated]);
};

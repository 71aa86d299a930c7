import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { runSelectionAction } from "../.server/extensions-api/extension-api";
import { BulkBody, handleExtensionRequest, postOnly, readBody } from "../.server/extensions-api/extension-route.server";

// POST /api/extension/bulk {action, productIds, syncSetting?}: the product index selection action.
// The loader exists for the CORS preflight (OPTIONS reaches loaders in Remix).
export const loader = ({ request }: LoaderFunctionArgs) => postOnly(request);

export const action = ({ request }: ActionFunctionArgs) =>
  handleExtensionRequest(request, async ({ shop, deps }) => runSelectionAction(deps, shop, await readBody(request, BulkBody)));

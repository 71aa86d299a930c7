import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { setVariantSyncSetting } from "../.server/extensions-api/extension-api";
import { ItemSettingBody, handleExtensionRequest, postOnly, readBody } from "../.server/extensions-api/extension-route.server";

// POST /api/extension/item-setting {productId, variantId, syncSetting}: the block's Select.
// The loader exists for the CORS preflight (OPTIONS reaches loaders in Remix).
export const loader = ({ request }: LoaderFunctionArgs) => postOnly(request);

export const action = ({ request }: ActionFunctionArgs) =>
  handleExtensionRequest(request, async ({ shop, deps }) => setVariantSyncSetting(deps, shop, await readBody(request, ItemSettingBody)));

import type { LoaderFunctionArgs } from "@remix-run/node";
import { productSyncView } from "../.server/extensions-api/extension-api";
import { handleExtensionRequest } from "../.server/extensions-api/extension-route.server";

// GET /api/extension/product?productId=<gid>: the product details block's data.
export const loader = ({ request }: LoaderFunctionArgs) =>
  handleExtensionRequest(request, ({ shop, deps, client }) =>
    productSyncView({ ...deps, client: client() }, shop, new URL(request.url).searchParams.get("productId") ?? ""),
  );

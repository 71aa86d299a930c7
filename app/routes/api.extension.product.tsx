import type { LoaderFunctionArgs } from "@remix-run/node";
import { productSyncView } from "../.server/platform/extension-api";
import { handleExtensionRequest } from "../.server/platform/extension-route.server";

// GET /api/extension/product?productId=<gid>: the product details block's data.
export const loader = ({ request }: LoaderFunctionArgs) =>
  handleExtensionRequest(request, ({ shop, deps, client }) =>
    productSyncView({ ...deps, client: client() }, shop, new URL(request.url).searchParams.get("productId") ?? ""),
  );

import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";

// Shopify opens the app at the app URL with ?shop=...; send it to the embedded app.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  return new Response(
    "Whiplash Inventory Sync is an embedded Shopify app. Open it from your Shopify admin.",
    { headers: { "Content-Type": "text/plain" } },
  );
};

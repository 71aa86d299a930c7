// Where Whiplash's authorize page sends the merchant back (outside the embedded admin, in the window the
// Settings page opened). The signed `state` says which shop asked; no session token is needed here.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import prisma from "../db.server";
import { jobQueue } from "../.server/wiring/app-queue";
import { completeWhiplashConnect, envOAuthConfig } from "../.server/lifecycle/whiplash-connect";
import { chooseDefaultLocation } from "../.server/lifecycle/default-location";
import { logger } from "../.server/logger";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  const result = await completeWhiplashConnect(
    prisma,
    jobQueue,
    envOAuthConfig(),
    { code: url.searchParams.get("code"), state: url.searchParams.get("state"), error: url.searchParams.get("error") },
    // Standard setup: every warehouse publishes to one location; pick the store's primary one if none is
    // chosen, before the import queues the first sync.
    (shopId) =>
      chooseDefaultLocation(prisma, shopId).catch((error: Error) =>
        logger.warn("could not choose a default location after connecting Whiplash", { shop: shopId, error: error.message }),
      ),
  );
  return result.ok
    ? { ok: true as const, message: `Connected to Whiplash: ${result.customerName} (#${result.whiplashCustomerId}). Your items are being imported.` }
    : { ok: false as const, message: result.message };
};

export default function WhiplashCallback() {
  const d = useLoaderData<typeof loader>();
  useEffect(() => {
    if (!d.ok) return;
    window.opener?.postMessage({ type: "whiplash-connected" }, window.location.origin);
    const t = setTimeout(() => window.close(), 1500);
    return () => clearTimeout(t);
  }, [d.ok]);
  return (
    <main style={{ font: "16px/1.5 system-ui, sans-serif", maxWidth: 560, margin: "64px auto", padding: 16 }}>
      <h1 style={{ fontSize: 20 }}>{d.ok ? "Whiplash connected" : "Whiplash was not connected"}</h1>
      <p id="connect-result" role="status">
        {d.message}
      </p>
      <p>{d.ok ? "You can close this window and return to the app." : "Close this window and try again from the app's Settings page."}</p>
    </main>
  );
}

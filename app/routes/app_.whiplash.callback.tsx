// Where Whiplash's authorize page sends the browser back (outside the embedded admin, in the popup the
// Settings page opened). No Shopify session here, so nothing is linked: the code is kept for the flow's
// stored state, and this page hands a single-use claim to the Settings window that opened it, which
// finishes the connection under its own session (app/.server/lifecycle/whiplash-connect.ts).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import prisma from "../db.server";
import { envOAuthConfig, receiveWhiplashCallback } from "../.server/lifecycle/whiplash-connect";

// The claim and the code are for this window only: not cached, not sent on as a referrer.
export const headers = () => ({ "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" });

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  const result = await receiveWhiplashCallback(prisma, envOAuthConfig(), {
    code: url.searchParams.get("code"),
    state: url.searchParams.get("state"),
    error: url.searchParams.get("error"),
  });
  return result.ok
    ? { ok: true as const, message: "Whiplash sign-in received. Finishing in the app's Settings page...", state: result.state, claim: result.claim }
    : { ok: false as const, message: result.message, state: null, claim: null };
};

/** The window that opened this one, when it is one of ours (same origin); reading a foreign one's location throws. */
function appOpener(): Window | null {
  try {
    return window.opener && (window.opener as Window).location.origin === window.location.origin ? (window.opener as Window) : null;
  } catch {
    return null;
  }
}

export default function WhiplashCallback() {
  const d = useLoaderData<typeof loader>();
  const [message, setMessage] = useState(d.message);
  useEffect(() => {
    if (!d.ok) return;
    const opener = appOpener();
    if (!opener) {
      setMessage(
        "This window was not opened by the app's Settings page, so nothing was connected. Open the app's Settings in your Shopify admin and use Connect Whiplash there.",
      );
      return;
    }
    opener.postMessage({ type: "whiplash-authorized", state: d.state, claim: d.claim }, window.location.origin);
    const t = setTimeout(() => window.close(), 1500);
    return () => clearTimeout(t);
  }, [d]);
  return (
    <main style={{ font: "16px/1.5 system-ui, sans-serif", maxWidth: 560, margin: "64px auto", padding: 16 }}>
      <h1 style={{ fontSize: 20 }}>{d.ok ? "Whiplash sign-in" : "Whiplash was not connected"}</h1>
      <p id="connect-result" role="status">
        {message}
      </p>
      <p>{d.ok ? "You can close this window and return to the app." : "Close this window and try again from the app's Settings page."}</p>
    </main>
  );
}

// A route's error shown inside the app (Polaris Banner with what to do next) instead of a bare error page.
import { isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { Banner, Page } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";

export function RouteErrorBanner({ backUrl, backLabel }: { backUrl: string; backLabel: string }) {
  const error = useRouteError();
  // Anything but our own "not found" goes to Shopify's boundary (it renders re-authentication bounces).
  if (!(isRouteErrorResponse(error) && error.status === 404)) return boundary.error(error);
  const status = error.status;
  const message = typeof error.data === "string" ? error.data : error.statusText;
  return (
    <Page backAction={{ content: backLabel, url: backUrl }} title="Not found">
      <Banner tone="warning" title={message} action={{ content: `Back to ${backLabel}`, url: backUrl }}>
        <p>{`It may belong to another store, or it was removed (HTTP ${status}).`}</p>
      </Banner>
    </Page>
  );
}

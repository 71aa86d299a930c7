// `shopify app dev` starts our processes with the tunnel URL in HOST (and APP_URL), not in
// SHOPIFY_APP_URL, which is what the app, the worker and @shopify/shopify-app-remix read. Shopify's Remix
// template moves it over in vite.config.ts; the worker needs the same, so both call this.
// Plain JavaScript: vite.config.ts and scripts/ import it without a TypeScript loader.

/**
 * Copies the CLI's HOST into SHOPIFY_APP_URL (unless SHOPIFY_APP_URL is already set to something else)
 * and removes HOST, which other tools read as a host name to listen on. Call it before loading .env, so
 * a SHOPIFY_APP_URL written there for the demo does not hide the tunnel.
 * @param {Record<string, string | undefined>} env
 */
export function adoptShopifyCliHost(env = process.env) {
  const host = env.HOST;
  if (!host || !/^https?:\/\//.test(host)) return;
  if (!env.SHOPIFY_APP_URL || env.SHOPIFY_APP_URL === host) {
    env.SHOPIFY_APP_URL = host;
    delete env.HOST;
  }
}

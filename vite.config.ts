import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig, type UserConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import { adoptShopifyCliHost } from "./app/.server/shopify-cli-env.mjs";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

// Dev server settings for `shopify app dev` (shopify.web.toml), as in Shopify's Remix template: the CLI
// passes the tunnel URL in HOST, the port to listen on in PORT, and proxies the tunnel to it. Through a
// tunnel the browser reaches HMR over wss on 443; locally over ws on a fixed port. `npm run build`, the
// demo and the tests do not use the dev server.
adoptShopifyCliHost(process.env);
const host = new URL(process.env.SHOPIFY_APP_URL || "http://localhost").hostname;
const local = host === "localhost" || host === "127.0.0.1";
const hmr = local
  ? { protocol: "ws", host: "localhost", port: 64999, clientPort: 64999 }
  : { protocol: "wss", host, port: Number(process.env.FRONTEND_PORT) || 8002, clientPort: 443 };

export default defineConfig({
  server: {
    port: Number(process.env.PORT || 3000),
    // Vite refuses requests whose Host header it does not know: the tunnel's host must be allowed.
    allowedHosts: [host],
    cors: { preflightContinue: true },
    hmr,
    fs: { allow: ["app", "node_modules"] },
  },
  plugins: [
    remix({
      ignoredRouteFiles: ["**/.*", "**/*.test.ts", "**/*.test.tsx"],
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_lazyRouteDiscovery: true,
        v3_singleFetch: true,
        v3_routeConfig: true,
      },
    }),
    tsconfigPaths(),
  ],
  build: { assetsInlineLimit: 0 },
  optimizeDeps: { include: ["@shopify/app-bridge-react", "@shopify/polaris"] },
}) satisfies UserConfig;

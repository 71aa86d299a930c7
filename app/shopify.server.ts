import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "./db.server";
import { env } from "./.server/env";
import { installAdminBaseUrl } from "./.server/shopify/admin-base-url";
import { afterAuth } from "./.server/lifecycle/after-auth.server";

export const API_VERSION = ApiVersion.July26;

const config = env();

const shopify = shopifyApp({
  apiKey: config.SHOPIFY_API_KEY,
  apiSecretKey: config.SHOPIFY_API_SECRET,
  apiVersion: API_VERSION,
  scopes: config.SCOPES.split(","),
  appUrl: config.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(prisma),
  distribution: AppDistribution.AppStore,
  // Reinstall within 48 h of an uninstall restores the kept settings (app/.server/lifecycle/uninstall.ts).
  hooks: { afterAuth },
  future: {
    unstable_newEmbeddedAuthStrategy: true,
    expiringOfflineAccessTokens: true,
  },
});

// Must run after shopifyApp(): the node adapter import above sets the default fetch.
installAdminBaseUrl(config.SHOPIFY_ADMIN_BASE_URL);

export default shopify;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const sessionStorage = shopify.sessionStorage;

// GraphQL config for `npm run graphql-codegen` (scripts/graphql-codegen.mjs) and editor tooling, as in
// Shopify's Remix template: @shopify/api-codegen-preset types every `#graphql` document under
// app/.server/shopify/ against the Admin API version the app uses (2026-07).
// Offline: the preset downloads the schema unless app/types/admin-2026-07.schema.json exists. The script
// writes that file (git-ignored) from Shopify's published introspection (scripts/fetch-admin-schema.mjs)
// before codegen runs, so no network is needed. Only the two generated .d.ts files are committed.
import { ApiType, shopifyApiProject } from "@shopify/api-codegen-preset";

export const ADMIN_API_VERSION = "2026-07";
export const OUTPUT_DIR = "./app/types";

const project = shopifyApiProject({
  apiType: ApiType.Admin,
  apiVersion: ADMIN_API_VERSION,
  documents: ["./app/.server/shopify/**/*.ts", "!./app/.server/shopify/**/*.test.ts"],
  outputDir: OUTPUT_DIR,
});

// - Enums as string unions: the app compares statuses and error codes with string literals, and a .d.ts
//   enum has no runtime value to import.
// - A nullable field is `T | null`, not optional: Shopify sends null for it, never leaves it out.
// (The preset types results as Pick<> of the schema's object types, so admin.types.d.ts is the whole
// schema, not just what our operations use.)
const generates = project.extensions.codegen.generates as Record<string, { config?: Record<string, unknown> }>;
for (const target of Object.values(generates)) {
  target.config = { ...target.config, enumsAsTypes: true, avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false } };
}

export default { projects: { default: project } };

#!/usr/bin/env node
// `npm run graphql-codegen`: regenerates the Admin API types (app/types/admin.types.d.ts and
// admin.generated.d.ts) from the `#graphql` documents in app/.server/shopify/, offline.
// `npm run graphql-codegen -- --check` regenerates in memory and fails when the committed files differ
// (tests/graphql-codegen.test.ts runs it, so CI fails on a document changed without its types).
// The schema: Shopify's 2026-07 introspection from ../shared/shopify/ when it exists (our workspace),
// otherwise from .schema-cache/ (scripts/fetch-admin-schema.mjs fills it from the npm registry). It is
// written, uncompressed, where @shopify/api-codegen-preset looks before downloading
// (app/types/admin-2026-07.schema.json, git-ignored).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const VERSION = "2026-07";
const SHARED_FILE = path.resolve(root, "../shared/shopify/admin-2026-07.introspection.json.gz");
const CACHE_FILE = path.join(root, ".schema-cache", "admin-2026-07.introspection.json.gz");
// Relative to the working directory, like the documents and outputDir in .graphqlrc.ts.
const SCHEMA_JSON = path.resolve("app/types", `admin-${VERSION}.schema.json`);

function introspectionFile() {
  if (existsSync(SHARED_FILE)) return SHARED_FILE;
  if (!existsSync(CACHE_FILE)) execFileSync(process.execPath, [path.join(root, "scripts/fetch-admin-schema.mjs")], { stdio: "inherit" });
  return CACHE_FILE;
}

const json = gunzipSync(readFileSync(introspectionFile()));
if (!existsSync(SCHEMA_JSON) || !readFileSync(SCHEMA_JSON).equals(json)) {
  mkdirSync(path.dirname(SCHEMA_JSON), { recursive: true });
  writeFileSync(SCHEMA_JSON, json);
}

const cli = path.join(root, "node_modules/@graphql-codegen/cli/cjs/bin.js");
const args = [cli, "--config", ".graphqlrc.ts", ...(process.argv.includes("--check") ? ["--check"] : [])];
const result = spawnSync(process.execPath, args, { stdio: "inherit" });
process.exit(result.status ?? 1);

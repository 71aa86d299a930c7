// Shopify's Admin GraphQL schema (API version 2026-07) for tests: validates the documents the app
// sends and checks the simulator's SDL against the real thing. The schema is read from
// ../shared/shopify/ when that folder exists next to the repo (our workspace), otherwise from the
// git-ignored .schema-cache/, which scripts/fetch-admin-schema.mjs fills from the npm registry (run
// automatically on first use). It is never committed.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  GraphQLError,
  parse,
  validate,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const SHARED_FILE = path.resolve(REPO_ROOT, "../shared/shopify/admin-2026-07.introspection.json.gz");
const CACHE_FILE = path.join(REPO_ROOT, ".schema-cache", "admin-2026-07.introspection.json.gz");
const FETCH_SCRIPT = path.join(REPO_ROOT, "scripts", "fetch-admin-schema.mjs");

export const ADMIN_API_VERSION = "2026-07";

/** Where the schema comes from on this machine, fetching it into the cache if needed. */
export function adminSchemaFile(): string {
  if (existsSync(path.resolve(REPO_ROOT, "../shared")) && existsSync(SHARED_FILE)) return SHARED_FILE;
  if (!existsSync(CACHE_FILE)) {
    try {
      execFileSync(process.execPath, [FETCH_SCRIPT], { cwd: REPO_ROOT, stdio: "pipe" });
    } catch (error) {
      throw new Error(
        `Shopify's Admin schema is missing and could not be fetched (npm run schema:fetch): ${(error as Error).message}`,
      );
    }
  }
  return CACHE_FILE;
}

let cached: GraphQLSchema | undefined;

export function loadAdminSchema(): GraphQLSchema {
  if (!cached) {
    const json = JSON.parse(gunzipSync(readFileSync(adminSchemaFile())).toString("utf8")) as {
      data: IntrospectionQuery;
    };
    cached = buildClientSchema(json.data);
  }
  return cached;
}

/** Validation errors of `doc` against Shopify's schema (a syntax error is returned as one error). */
export function validateOperation(doc: string): readonly GraphQLError[] {
  let document;
  try {
    document = parse(doc);
  } catch (error) {
    return [error instanceof GraphQLError ? error : new GraphQLError(String(error))];
  }
  return validate(loadAdminSchema(), document);
}

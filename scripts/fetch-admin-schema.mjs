#!/usr/bin/env node
// Fetches Shopify's Admin GraphQL schema for API version 2026-07 into the git-ignored .schema-cache/,
// so schema checks run on machines without ../shared. The file ships inside the npm package
// @shopify/dev-mcp@1.16.0 (ISC) at package/dist/data/admin_2026-07.json.gz: we `npm pack` that exact
// version and extract only that path. Usage: node scripts/fetch-admin-schema.mjs [--force]
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const PACKAGE = "@shopify/dev-mcp@1.16.0";
const ENTRY = "package/dist/data/admin_2026-07.json.gz";
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CACHE_FILE = path.join(root, ".schema-cache", "admin-2026-07.introspection.json.gz");

function assertIntrospection(file) {
  const json = JSON.parse(gunzipSync(readFileSync(file)).toString("utf8"));
  if (!json?.data?.__schema?.types) throw new Error(`${file} is not a gzipped introspection result`);
}

function main() {
  const force = process.argv.includes("--force");
  if (existsSync(CACHE_FILE) && !force) {
    console.log(`schema already cached at ${path.relative(root, CACHE_FILE)}`);
    return;
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), "admin-schema-"));
  try {
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    execFileSync(npm, ["pack", PACKAGE, "--pack-destination", tmp, "--silent"], {
      stdio: ["ignore", "ignore", "inherit"],
      shell: process.platform === "win32",
    });
    const tarball = readdirSync(tmp).find((f) => f.endsWith(".tgz"));
    if (!tarball) throw new Error(`npm pack ${PACKAGE} produced no tarball`);
    execFileSync("tar", ["-xzf", path.join(tmp, tarball), "-C", tmp, ENTRY], { stdio: "inherit" });
    const extracted = path.join(tmp, ENTRY);
    assertIntrospection(extracted);
    mkdirSync(path.dirname(CACHE_FILE), { recursive: true });
    copyFileSync(extracted, CACHE_FILE);
    console.log(`cached Shopify Admin schema 2026-07 at ${path.relative(root, CACHE_FILE)}`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main();

#!/usr/bin/env node
// `shopify app build` for the admin UI extensions (offline; no Shopify login needed).
// Why a wrapper: Shopify CLI 3.94 does not exit when esbuild reports an error — it retries the bundle
// forever and prints the same error tens of thousands of times. We stop it at the first error line
// (exit 1 with the first error block), and on a hard time limit, so CI fails fast and readably.
import { spawn } from "node:child_process";
import { clearTimeout, setTimeout } from "node:timers";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// The package's exports do not include bin/, so resolve the file directly.
const cli = path.join(root, "node_modules/@shopify/cli/bin/run.js");
const LIMIT_MS = Number(process.env.BUILD_EXTENSIONS_TIMEOUT_MS || 300_000);

const child = spawn(process.execPath, [cli, "app", "build", ...process.argv.slice(2)], {
  env: { ...process.env, SHOPIFY_CLI_NO_ANALYTICS: "1" },
  cwd: root,
  stdio: ["ignore", "pipe", "pipe"],
  detached: true,
});

let output = "";
let failed = null;
const stop = (reason) => {
  if (failed) return;
  failed = reason;
  try {
    process.kill(-child.pid, "SIGTERM"); // the CLI and its esbuild service
  } catch {
    child.kill("SIGTERM");
  }
};
const onData = (chunk) => {
  const text = chunk.toString();
  if (output.length < 20_000) output += text;
  if (/✘ \[ERROR\]|Build failed/.test(output)) setTimeout(() => stop("esbuild reported an error"), 200);
};
child.stdout.on("data", onData);
child.stderr.on("data", onData);
const timer = setTimeout(() => stop(`no result after ${LIMIT_MS} ms`), LIMIT_MS);

child.on("exit", (code) => {
  clearTimeout(timer);
  if (failed) {
    const start = output.search(/✘ \[ERROR\]/);
    process.stderr.write(`${start >= 0 ? output.slice(start, start + 3000) : output.slice(-3000)}\n`);
    process.stderr.write(`build:extensions failed: ${failed}\n`);
    process.exit(1);
  }
  process.stdout.write(output);
  process.exit(code ?? 1);
});

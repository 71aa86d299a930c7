#!/usr/bin/env node
// The two processes of `shopify app dev` (npm run dev), named by shopify.web.toml and
// worker/shopify.web.toml:
//   node scripts/shopify-dev.mjs app     applies the migrations, then Vite's dev server (remix vite:dev) on PORT
//   node scripts/shopify-dev.mjs worker  waits for the app's /healthz on FRONTEND_PORT, then the job worker
// The CLI starts both at once, without a shell, and sets SHOPIFY_API_KEY, SHOPIFY_API_SECRET, SCOPES,
// NODE_ENV=development, HOST (the tunnel URL), PORT and FRONTEND_PORT. The rest (Whiplash credentials,
// ENCRYPTION_KEY, DATABASE_URL) comes from .env. The worker waits for the app so the two never apply
// migrations at the same time.
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadDotEnv } from "../app/.server/load-dotenv.mjs";
import { adoptShopifyCliHost } from "../app/.server/shopify-cli-env.mjs";
import { isPostgresUrl } from "./prisma-env.mjs";
import { WORKER_NODE_ARGS } from "./worker-command.mjs";

const { fetch, setTimeout } = globalThis;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const role = process.argv[2];
if (role !== "app" && role !== "worker") {
  console.error("usage: node scripts/shopify-dev.mjs app|worker");
  process.exit(2);
}
// The worker's web config lives in worker/, and the CLI runs its command there.
process.chdir(root);
adoptShopifyCliHost(process.env);
loadDotEnv();

// A .env copied from .env.example points Shopify traffic at the local simulator: against a real store
// every call would go there. Say so instead of failing later with a confusing 401.
const simulatorOnly = ["SHOPIFY_ADMIN_BASE_URL", "APP_BRIDGE_URL"].filter((name) => process.env[name]);
if (simulatorOnly.length > 0) {
  console.error(
    `${simulatorOnly.join(" and ")} ${simulatorOnly.length > 1 ? "are" : "is"} set (in .env?): ` +
      "they send Shopify traffic to the local simulator and cannot work with `shopify app dev`. " +
      "Remove them from .env (the demo does not need a .env).",
  );
  process.exit(1);
}

/** Runs the child with our environment, forwards Ctrl-C / SIGTERM, and exits with its code. */
function runChild(args) {
  const child = spawn(process.execPath, args, { stdio: "inherit", env: process.env });
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (role === "app") {
  // Migrations only, like `npm run setup` without `prisma generate`: npm install generated the clients
  // (postinstall), and regenerating them here would rewrite node_modules under running processes.
  const migrate = isPostgresUrl(process.env.DATABASE_URL) ? ["scripts/prisma-postgres.mjs", "deploy"] : ["scripts/prisma.mjs", "migrate", "deploy"];
  const setup = spawnSync(process.execPath, migrate, { stdio: "inherit", env: process.env });
  if (setup.status !== 0) process.exit(setup.status ?? 1);
  const remixCli = path.join(path.dirname(createRequire(import.meta.url).resolve("@remix-run/dev/package.json")), "dist/cli.js");
  runChild([remixCli, "vite:dev"]);
} else {
  const port = process.env.FRONTEND_PORT || "3000";
  const url = `http://localhost:${port}/healthz`;
  const deadline = Date.now() + 5 * 60_000;
  let said = false;
  for (;;) {
    const ok = await fetch(url).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) {
      console.error(`worker: the app did not answer ${url} within 5 minutes; not starting`);
      process.exit(1);
    }
    if (!said) console.log(`worker: waiting for the app (${url})`);
    said = true;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  runChild(WORKER_NODE_ARGS);
}

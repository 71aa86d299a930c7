// `npm run demo`: migrate, build, start both simulators, the app and the worker, print one URL.
// Ctrl-C stops everything. Every start is a clean one on both sides (scripts/demo-db.ts).
import path from "node:path";
import { localConfig } from "./config";
import { freshDemoDatabase } from "./demo-db";
import { buildApp, runPrisma, startStack } from "./stack";

const started = Date.now();
const env: Record<string, string> = { ...localConfig(), DATABASE_URL: freshDemoDatabase(path.resolve(import.meta.dirname, "..")) };
const verbose = process.argv.includes("--verbose");

console.log("Preparing the database client and building the app...");
runPrisma(["generate"], env);
buildApp(true);
console.log("Starting simulators, app and worker...");
const stack = await startStack({
  env,
  appPort: Number(env.PORT),
  shopifyPort: Number(env.SHOPIFY_SIM_PORT),
  whiplashPort: Number(env.WHIPLASH_SIM_PORT),
  onLog: (source, line) => {
    if (verbose || /error|warn/i.test(line)) console.log(`[${source}] ${line}`);
  },
});

console.log(`
Ready in ${((Date.now() - started) / 1000).toFixed(1)} s.

  Open: ${stack.adminUrl}

  (simulated Shopify admin with the app embedded; shop ${env.DEMO_SHOP})
  Whiplash simulator: http://127.0.0.1:${env.WHIPLASH_SIM_PORT}/
  Starts clean every time: after a restart, connect Whiplash again in Settings.
  Demo credentials (local only, from .env.example): SHOPIFY_API_KEY=${env.SHOPIFY_API_KEY}, SHOPIFY_API_SECRET=${env.SHOPIFY_API_SECRET}

Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping...");
    await stack.stop();
    process.exit(0);
  });
}

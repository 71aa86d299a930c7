// CLI entry: `npm run sim:shopify` (tsx simulators/shopify/main.ts). Reads the same variables as the
// app (.env or environment, falling back to the documented local defaults) and prints its URL.
import { loadDotEnv } from "../../app/.server/load-dotenv.mjs";
import { LOCAL_DEFAULTS } from "../shared/local-defaults";
import { isPlan } from "./bucket";
import { startShopifySimulator } from "./index";

loadDotEnv();

const env = (name: keyof typeof LOCAL_DEFAULTS) => process.env[name] || LOCAL_DEFAULTS[name];

const plan = process.env.SHOPIFY_SIM_PLAN || LOCAL_DEFAULTS.SHOPIFY_SIM_PLAN;
if (!isPlan(plan)) {
  console.error(`SHOPIFY_SIM_PLAN must be Standard, Advanced, Plus or Enterprise (got ${plan})`);
  process.exit(1);
}

const sim = await startShopifySimulator({
  port: Number(env("SHOPIFY_SIM_PORT")),
  apiKey: env("SHOPIFY_API_KEY"),
  apiSecret: env("SHOPIFY_API_SECRET"),
  appUrl: env("SHOPIFY_APP_URL"),
  scopes: env("SCOPES"),
  plan,
  latencyMs: Number(process.env.SHOPIFY_SIM_LATENCY_MS ?? 0),
  seed: { shop: env("DEMO_SHOP") },
  // The demo wants Shopify's webhooks (e.g. a merchant edit in the admin); SHOPIFY_SIM_WEBHOOKS=0 turns them off.
  webhooks: process.env.SHOPIFY_SIM_WEBHOOKS !== "0",
});

console.log(`Shopify simulator listening on ${sim.url}`);
console.log(`  admin: ${sim.adminUrl()}`);
console.log(`  state: ${sim.url}/_sim/state`);

const stop = async () => {
  await sim.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

// Runs the Whiplash simulator on its own: `npm run sim:whiplash` (or `tsx simulators/whiplash/main.ts`).
// Webhooks go to the app's /webhooks/whiplash; the page at http://127.0.0.1:4020/ receives ship notices.
import { LOCAL_DEFAULTS } from "../shared/local-defaults";
import { startWhiplashSimulator } from "./server";

const env = { ...LOCAL_DEFAULTS, ...process.env } as Record<string, string>;
const sim = await startWhiplashSimulator({
  port: Number(env.WHIPLASH_SIM_PORT),
  clientId: env.WHIPLASH_CLIENT_ID,
  clientSecret: env.WHIPLASH_CLIENT_SECRET,
  webhookUrl: env.WHIPLASH_SIM_WEBHOOK_URL ?? `${env.SHOPIFY_APP_URL.replace(/\/$/, "")}/webhooks/whiplash`,
  duplicates: Number(env.WHIPLASH_SIM_DUPLICATES ?? 0),
  reorder: env.WHIPLASH_SIM_REORDER === "true",
  delayMs: Number(env.WHIPLASH_SIM_DELAY_MS ?? 0),
});
console.log(`Whiplash simulator on ${sim.url} (open it to receive a ship notice)`);
const stop = async () => {
  await sim.close();
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

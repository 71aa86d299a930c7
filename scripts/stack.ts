// Starts the whole product locally: Shopify simulator, Whiplash simulator, the app and the worker.
// Used by `npm run demo`, the browser tests and the benchmarks, so all three run the same thing.
import { spawn, type ChildProcess, execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { startShopifySimulator, type ShopifySim } from "../simulators/shopify";
import { startWhiplashSimulator, type WhiplashSimulator } from "../simulators/whiplash/server";
import { WORKER_NODE_ARGS } from "./worker-command.mjs";

export interface StackConfig {
  /** Environment for the app and worker (LOCAL_DEFAULTS merged with .env and overrides). */
  env: Record<string, string>;
  appPort: number;
  shopifyPort: number;
  whiplashPort: number;
  /** NODE_ENV for the app process ("development" for demo/tests; "production" for benchmarks). */
  nodeEnv?: "development" | "production";
  worker?: boolean;
  shopifyPlan?: "Standard" | "Advanced" | "Plus" | "Enterprise";
  shopifyLatencyMs?: number;
  /** Prints child process output; default: silent. */
  onLog?: (source: string, line: string) => void;
}

export interface Stack {
  appUrl: string;
  shopify: ShopifySim;
  whiplash: WhiplashSimulator;
  env: Record<string, string>;
  /** The URL a person opens: the simulated Shopify admin with the app embedded. */
  adminUrl: string;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, "..");

export function runPrisma(args: string[], env: Record<string, string>): void {
  execFileSync(process.execPath, [path.join(root, "scripts/prisma.mjs"), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: "pipe",
  });
}

/** Builds the Remix app unless a build newer than every source file already exists. */
export function buildApp(force = false): void {
  if (!force && existsSync(path.join(root, "build/server/index.js")) && !process.env.REBUILD) return;
  execFileSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    cwd: root,
    stdio: "pipe",
  });
}

export async function startStack(config: StackConfig): Promise<Stack> {
  const log = config.onLog ?? (() => {});
  const appUrl = `http://127.0.0.1:${config.appPort}`;
  const env: Record<string, string> = {
    ...config.env,
    PORT: String(config.appPort),
    SHOPIFY_APP_URL: appUrl,
    SHOPIFY_ADMIN_BASE_URL: `http://127.0.0.1:${config.shopifyPort}`,
    APP_BRIDGE_URL: `http://127.0.0.1:${config.shopifyPort}/app-bridge.js`,
    WHIPLASH_API_BASE_URL: `http://127.0.0.1:${config.whiplashPort}/api/v2`,
  };
  runPrisma(["migrate", "deploy"], env);

  const children: ChildProcess[] = [];
  const shopify = await startShopifySimulator({
    port: config.shopifyPort,
    apiKey: env.SHOPIFY_API_KEY,
    apiSecret: env.SHOPIFY_API_SECRET,
    appUrl,
    plan: config.shopifyPlan ?? (env.SHOPIFY_SIM_PLAN as StackConfig["shopifyPlan"]) ?? "Standard",
    latencyMs: config.shopifyLatencyMs ?? 0,
    // Shopify sends inventory_levels/update for every change, ours included (drift detection).
    webhooks: true,
  });
  const whiplash = await startWhiplashSimulator({
    port: config.whiplashPort,
    clientId: env.WHIPLASH_CLIENT_ID,
    clientSecret: env.WHIPLASH_CLIENT_SECRET,
    // No fixed webhook URL: as with the real Whiplash, the app subscribes through the API when a
    // merchant connects (import job), so events arrive only for connected customers.
  });

  const childEnv = { ...process.env, ...env, NODE_ENV: config.nodeEnv ?? "development" };
  const spawnLogged = (name: string, args: string[]) => {
    const child = spawn(process.execPath, args, { cwd: root, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [child.stdout, child.stderr]) {
      stream?.setEncoding("utf8");
      stream?.on("data", (chunk: string) => chunk.split("\n").filter(Boolean).forEach((l) => log(name, l)));
    }
    children.push(child);
    return child;
  };

  spawnLogged("app", [path.join(root, "server.mjs")]);
  if (config.worker !== false && existsSync(path.join(root, "app/worker.server.ts"))) {
    spawnLogged("worker", WORKER_NODE_ARGS);
  }
  await waitForHttp(`${appUrl}/healthz`, 30_000, children);

  const stop = async () => {
    await stopChildren(children);
    await whiplash.close();
    await shopify.close();
  };

  return { appUrl, shopify, whiplash, env, adminUrl: shopify.adminUrl(env.DEMO_SHOP), stop };
}

/** SIGTERM each child process still running, SIGKILL after 5 s; resolves when all have exited. */
export async function stopChildren(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once("exit", () => resolve());
          c.kill("SIGTERM");
          setTimeout(() => c.kill("SIGKILL"), 5000).unref();
        }),
    ),
  );
}

async function waitForHttp(url: string, timeoutMs: number, children: ChildProcess[]): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = children.find((c) => c.exitCode !== null);
    if (dead) throw new Error(`a process exited early with code ${dead.exitCode} while waiting for ${url}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${url}`);
}

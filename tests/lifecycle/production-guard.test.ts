// Issue 12 item 2: `npm run worker` on a server where someone copied .env.example to .env and set no
// NODE_ENV. It must not start in development mode and send every store's offline token to whatever
// listens on the simulator port: it refuses to start and says why.
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(tmpdir(), "worker-guard-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runWorker(): Promise<{ code: number | null; output: string }> {
  // The worker reads .env from its working directory; values already in the environment win, so
  // everything .env.example sets is removed from the inherited environment (vitest sets NODE_ENV=test).
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !/^(NODE_ENV|SHOPIFY_|WHIPLASH_|ENCRYPTION_KEY|DATABASE_URL|APP_BRIDGE_URL|ALLOW_)/.test(k)) env[k] = v;
  const child: ChildProcess = spawn(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(root, "app/worker.server.ts")], {
    cwd: dir,
    // No NODE_ENV on purpose (the global ProcessEnv type insists on one).
    env: { ...env, DATABASE_URL: `file:${path.join(dir, "worker.sqlite")}` } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => {
    // A worker that starts runs until stopped: still running after 20 s means it did not refuse.
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("the worker in production mode", () => {
  it("refuses to start on .env.example with NODE_ENV unset, naming every problem", { timeout: 30_000 }, async () => {
    copyFileSync(path.join(root, ".env.example"), path.join(dir, ".env"));
    const { code, output } = await runWorker();
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toContain("Invalid environment");
    for (const name of ["SHOPIFY_APP_URL", "SHOPIFY_ADMIN_BASE_URL", "WHIPLASH_API_BASE_URL", "WHIPLASH_CLIENT_SECRET", "ENCRYPTION_KEY"]) {
      expect(output, name).toContain(`${name}:`);
    }
    expect(output).not.toContain("demo-whiplash-secret");
  });
});

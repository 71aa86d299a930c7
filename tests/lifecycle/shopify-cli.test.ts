// The Shopify CLI path (`npm run dev` = `shopify app dev`) cannot run offline: it needs a Partner login and
// a tunnel. What can be checked here is everything on our side of it: the web configs the CLI reads, the
// scripts, and the two processes started exactly as the CLI starts them (no shell, its environment: HOST =
// tunnel URL, PORT = FRONTEND_PORT, NODE_ENV=development), answering on the port they were given.
// The CLI's own validation of both web configs runs in CI with `npm run build:extensions` (shopify app build).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import http from "node:http";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import { parse } from "smol-toml";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/free-port";

interface WebToml {
  name?: string;
  roles: string[];
  webhooks_path?: string;
  commands: { dev: string };
  hmr_server?: { http_paths: string[] };
}
const readToml = <T,>(file: string) => parse(readFileSync(path.resolve(file), "utf8")) as unknown as T;
const appWeb = readToml<WebToml>("shopify.web.toml");
const workerWeb = readToml<WebToml>("worker/shopify.web.toml");
const appToml = readToml<{ webhooks: { subscriptions: { topics?: string[]; uri: string }[] } }>("shopify.app.toml");
const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };

/** The CLI splits a command on "&&" and spaces and runs each part without a shell, in the web's folder. */
function cliArgv(command: string): string[][] {
  return command.split("&&").map((part) => part.trim().split(" "));
}

describe("shopify.web.toml and the scripts the CLI needs", () => {
  it("declares one web process for the app (frontend + backend) and one background process for the worker", () => {
    expect(appWeb.roles.sort()).toEqual(["backend", "frontend"]);
    expect(workerWeb.roles).toEqual(["background"]);
    // No shell: no pipes, redirections or VAR=value prefixes the CLI would pass along as arguments.
    for (const web of [appWeb, workerWeb]) {
      for (const argv of cliArgv(web.commands.dev)) expect(argv.join(" ")).not.toMatch(/[|<>;$`]|^\w+=/);
    }
    expect(cliArgv(appWeb.commands.dev)).toEqual([["node", "scripts/shopify-dev.mjs", "app"]]);
    expect(cliArgv(workerWeb.commands.dev)).toEqual([["node", "../scripts/shopify-dev.mjs", "worker"]]);
    expect(existsSync(path.resolve("worker", "../scripts/shopify-dev.mjs"))).toBe(true);
  });

  it("sends the CLI's sample app/uninstalled webhook to the route that handles it", () => {
    const uninstalled = appToml.webhooks.subscriptions.find((s) => s.topics?.includes("app/uninstalled"));
    expect(appWeb.webhooks_path).toBe(uninstalled?.uri);
    expect(existsSync(path.resolve("app/routes/webhooks.app.uninstalled.tsx"))).toBe(true);
  });

  it("has the template's scripts, and the shopify command they call is installed", () => {
    expect(pkg.scripts.dev).toBe("shopify app dev");
    expect(pkg.scripts.deploy).toBe("shopify app deploy");
    expect(pkg.scripts["config:link"]).toBe("shopify app config link");
    expect(existsSync(path.resolve("node_modules/.bin/shopify"))).toBe(true);
  });
});

describe("the processes `shopify app dev` starts", () => {
  const children: ChildProcess[] = [];
  const output: string[] = [];
  const tunnel = "https://cli-tunnel-test.trycloudflare.com";

  function start(role: "app" | "worker", env: Record<string, string>): ChildProcess {
    const web = role === "app" ? appWeb : workerWeb;
    const [[command, ...args]] = cliArgv(web.commands.dev);
    const child = spawn(command === "node" ? process.execPath : command, args, {
      cwd: path.resolve(role === "app" ? "." : "worker"),
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "development", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d: Buffer) => output.push(`[${role}] ${String(d)}`));
    child.stderr?.on("data", (d: Buffer) => output.push(`[${role}] ${String(d)}`));
    children.push(child);
    return child;
  }

  /** GET with an explicit Host header (fetch replaces it with the URL's host). */
  function get(url: string, host?: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = http.get(url, { headers: host ? { host } : {} }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += String(chunk)));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
    });
  }

  async function waitFor(url: string, host?: string): Promise<unknown> {
    const deadline = Date.now() + 240_000;
    for (;;) {
      const res = await get(url, host).catch(() => null);
      if (res?.status === 200) return JSON.parse(res.body);
      if (Date.now() > deadline) throw new Error(`${url} never answered 200\n${output.slice(-30).join("")}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once("exit", r)) : null)));
  });

  it("refuses a .env that points Shopify traffic at the simulator", async () => {
    const child = start("app", { NODE_ENV: "development", SHOPIFY_ADMIN_BASE_URL: "http://127.0.0.1:4010", HOST: tunnel });
    const code = await new Promise((r) => child.once("exit", r));
    expect(code).toBe(1);
    expect(output.join("")).toContain("SHOPIFY_ADMIN_BASE_URL is set");
  });

  it("migrates and serves the app on PORT for the tunnel's host; the worker follows with its health endpoint", async () => {
    const port = await freePort();
    const workerHealthPort = await freePort();
    const dbFile = path.resolve(`tmp/test/cli-${randomUUID()}.sqlite`);
    mkdirSync(path.dirname(dbFile), { recursive: true });
    const cliEnv = {
      SHOPIFY_API_KEY: "cli-test-key",
      SHOPIFY_API_SECRET: "cli-test-secret",
      SCOPES: "read_products,read_inventory,write_inventory,read_locations",
      NODE_ENV: "development",
      HOST: tunnel,
      FRONTEND_PORT: String(port),
      BACKEND_PORT: String(port),
      DATABASE_URL: `file:${dbFile}`,
      // From .env on a developer's machine (the worker refuses to start without it).
      ENCRYPTION_KEY: randomBytes(32).toString("hex"),
      LOG_LEVEL: "warn",
    };
    start("app", { ...cliEnv, PORT: String(port) });
    // The background process gets a port of its own from the CLI, unused; WORKER_HEALTH_PORT comes from .env.
    start("worker", { ...cliEnv, PORT: String(await freePort()), WORKER_HEALTH_PORT: String(workerHealthPort) });

    expect(await waitFor(`http://localhost:${port}/healthz`, new URL(tunnel).host)).toEqual({ ok: true, checks: { database: "ok", queue: "ok" } });
    // Vite serves the tunnel's host and refuses others (DNS rebinding protection stays on).
    expect((await get(`http://localhost:${port}/healthz`, "attacker.example")).status).toBe(403);

    const worker = await waitFor(`http://127.0.0.1:${workerHealthPort}/healthz`);
    expect(worker).toEqual({ ok: true, stopping: false, checks: { database: "ok", queue: "ok" } });
  }, 300_000);
});

// Issue 14 (going live on PostgreSQL, several app and worker processes behind a load balancer): the real
// processes, the production build of the app (server.mjs, as `npm start` runs it) and the worker with its
// health port, on a PostgreSQL database. Both /healthz answer 200 while the database answers, a 503 that
// names the failed checks (the database, and the job queue on pg-boss's own pool) while PostgreSQL refuses
// the database's connections, and 200 again once it accepts them, without a restart.
// PostgreSQL only: the SQLite side of the same endpoints is tests/lifecycle/health.test.ts and
// app/.server/http/health-server.test.ts (a SQLite file cannot be made unreachable to a running process).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_DEFAULTS } from "../../simulators/shared/local-defaults";
import { freePort } from "../../scripts/free-port";
import { buildApp, stopChildren } from "../../scripts/stack";
import { createTestDb, testBackend, withPostgresAdmin, type TestDb } from "../support/test-db";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WORKER_NICENESS = 12;

/** Linux: the niceness of each thread of a process (field 19 of /proc/<pid>/task/<tid>/stat). */
const threadNiceness = (pid: number) =>
  readdirSync(`/proc/${pid}/task`).map((tid) => Number(readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8").split(") ")[1].split(" ")[16]));
/** The processes a process started (tsx's CLI runs the script in one). */
const childPids = (pid: number) => readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);

describe.skipIf(testBackend() !== "postgres")("health endpoints of the app and the worker on PostgreSQL", () => {
  let db: TestDb;
  let database: string;
  const children: ChildProcess[] = [];
  const output: string[] = [];
  let appHealth: string;
  let workerHealth: string;

  const probe = async (url: string) => {
    const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
    return { status: res.status, body: (await res.json()) as { ok: boolean; checks: Record<string, string> } };
  };
  /**
   * Polls until `read` gives `expected` (30 s). On failure the error carries the last answer, each
   * process's exit code and their recent output, so a failure says which process and step.
   */
  const pollUntil = async (what: string, read: () => Promise<unknown>, expected: unknown) => {
    let last: unknown;
    try {
      await expect.poll(async () => (last = await read().catch((error: unknown) => `error: ${String(error)}`)), { timeout: 30_000, interval: 500 }).toEqual(expected);
    } catch {
      const exits = children.map((c, i) => `process ${i}: exit ${c.exitCode ?? "running"}`).join(", ");
      throw new Error(`${what}: last answer ${JSON.stringify(last)}; ${exits}\n${output.join("").slice(-4000)}`);
    }
  };
  const admin = <T>(sql: string) => withPostgresAdmin(process.env.TEST_POSTGRES_URL!, (c) => c.query(sql) as Promise<T>);

  beforeAll(async () => {
    buildApp();
    db = await createTestDb();
    await db.prisma.$disconnect();
    database = new URL(db.url).pathname.slice(1);
    const appPort = await freePort();
    const workerPort = await freePort();
    appHealth = `http://127.0.0.1:${appPort}/healthz`;
    workerHealth = `http://127.0.0.1:${workerPort}/healthz`;
    const env = {
      ...process.env,
      ...LOCAL_DEFAULTS,
      NODE_ENV: "development" as const,
      DATABASE_URL: db.url,
      PORT: String(appPort),
      WORKER_HEALTH_PORT: String(workerPort),
      SHOPIFY_APP_URL: `http://127.0.0.1:${appPort}`,
      LOG_LEVEL: "error",
      // Not the default (env.test.ts holds that), so the check below sees this setting reach the process.
      WORKER_NICENESS: String(WORKER_NICENESS),
    };
    for (const args of [[path.join(ROOT, "server.mjs")], [path.join(ROOT, "node_modules/tsx/dist/cli.mjs"), "app/worker.server.ts"]]) {
      const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
      for (const stream of [child.stdout, child.stderr]) stream?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
      children.push(child);
    }
    // Both up (a process that exits while starting fails at once with its output).
    const deadline = Date.now() + 60_000;
    for (const url of [appHealth, workerHealth]) {
      for (;;) {
        const dead = children.find((c) => c.exitCode !== null);
        if (dead) throw new Error(`a process exited with ${dead.exitCode}:\n${output.join("").slice(-3000)}`);
        if ((await probe(url).catch(() => null))?.status === 200) break;
        if (Date.now() > deadline) throw new Error(`${url} did not answer 200:\n${output.join("").slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    }
  }, 120_000);

  afterAll(async () => {
    await stopChildren(children);
    await admin(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`).catch(() => undefined);
    await db?.drop();
  });

  it.skipIf(!existsSync("/proc/self/task"))("the worker runs below the app's CPU priority, every thread of it (WORKER_NICENESS, Linux)", () => {
    const [app, workerCli] = children;
    const ours = os.getPriority();
    expect(new Set(threadNiceness(app.pid!))).toEqual(new Set([ours]));
    const workers = childPids(workerCli.pid!);
    expect(workers).toHaveLength(1);
    expect(new Set(threadNiceness(workers[0]))).toEqual(new Set([Math.max(ours, WORKER_NICENESS)]));
  });

  it("answer 200 while PostgreSQL answers, 503 naming the database and the queue while it refuses, 200 again after", { timeout: 90_000 }, async () => {
    expect(await probe(appHealth)).toEqual({ status: 200, body: { ok: true, checks: { database: "ok", queue: "ok" } } });
    expect(await probe(workerHealth)).toEqual({ status: 200, body: { ok: true, stopping: false, checks: { database: "ok", queue: "ok" } } });

    // The database becomes unreachable: new connections refused, the open ones (Prisma's, pg-boss's) cut.
    await admin(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS false`);
    await admin(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${database}' AND pid <> pg_backend_pid()`);
    const down = { ok: false, checks: { database: "failed", queue: "failed" } };
    await pollUntil("app, database down", () => probe(appHealth), { status: 503, body: down });
    await pollUntil("worker, database down", () => probe(workerHealth), { status: 503, body: { ...down, stopping: false } });

    // Back: both recover on their own (a load balancer puts them back in).
    await admin(`ALTER DATABASE "${database}" ALLOW_CONNECTIONS true`);
    await pollUntil("app, database back", async () => (await probe(appHealth)).status, 200);
    await pollUntil("worker, database back", async () => (await probe(workerHealth)).status, 200);
  });
});

// The worker's health endpoint, against a real database and job queue: a load balancer must see 200
// only while both answer, and 503 (never a hang) when one does not or the worker is stopping.
import type { Server } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../tests/support/test-db";
import { PrismaJobQueue } from "../jobs/prisma-job-queue";
import { healthServerPort, startHealthServer, type HealthChecks } from "./health-server";

let db: TestDb;
let server: Server | undefined;
const warnings: unknown[] = [];
const logger = { warn: (message: string, context?: unknown) => void warnings.push({ message, context }) };

beforeEach(async () => {
  db = await createTestDb();
  warnings.length = 0;
});
afterEach(async () => {
  server?.close();
  server = undefined;
  await db.drop();
});

function realChecks(): HealthChecks {
  const queue = new PrismaJobQueue(db.prisma);
  return { database: () => db.prisma.$queryRaw`SELECT 1`, queue: () => queue.getJob("health-check") };
}

async function probe(checks: HealthChecks, opts: { stopping?: boolean; timeoutMs?: number; path?: string } = {}) {
  server = await startHealthServer({
    port: 0,
    host: "127.0.0.1",
    checks,
    stopping: () => opts.stopping ?? false,
    logger,
    timeoutMs: opts.timeoutMs,
  });
  const res = await fetch(`http://127.0.0.1:${healthServerPort(server)}${opts.path ?? "/healthz"}`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe("worker health endpoint", () => {
  it("answers 200 when the database and the queue answer", async () => {
    const { status, body } = await probe(realChecks());
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, stopping: false, checks: { database: "ok", queue: "ok" } });
  });

  it("answers 503 naming the queue when the queue's table is gone, and logs the error instead of returning it", async () => {
    await db.prisma.$executeRawUnsafe(`DROP TABLE "Job"`);
    const { status, body } = await probe(realChecks());
    expect(status).toBe(503);
    expect(body).toEqual({ ok: false, stopping: false, checks: { database: "ok", queue: "failed" } });
    expect(JSON.stringify(body)).not.toMatch(/Job|table/i);
    expect(warnings).toHaveLength(1);
  });

  it("answers 503 within the timeout when a check hangs", async () => {
    const { status, body } = await probe({ ...realChecks(), database: () => new Promise(() => {}) }, { timeoutMs: 200 });
    expect(status).toBe(503);
    expect(body.checks).toEqual({ database: "timeout", queue: "ok" });
  });

  it("answers 503 while the worker is stopping, so the balancer drains it first", async () => {
    const { status, body } = await probe(realChecks(), { stopping: true });
    expect(status).toBe(503);
    expect(body).toMatchObject({ ok: false, stopping: true });
  });

  it("answers 404 elsewhere", async () => {
    const { status } = await probe(realChecks(), { path: "/" });
    expect(status).toBe(404);
  });
});

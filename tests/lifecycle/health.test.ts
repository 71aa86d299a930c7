// The app's GET /healthz, for a load balancer: 200 while the database and the job queue answer, and a
// 503 naming the failed check otherwise (an error page or a hang would not say what is wrong).
import type { PrismaClient } from "@prisma/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../support/test-db";

let db: TestDb;
let loader: () => Promise<Response>;

beforeAll(async () => {
  db = await createTestDb();
  // db.server.ts reuses globalThis.__prisma outside production: hand it the test database's client.
  (globalThis as { __prisma?: PrismaClient }).__prisma = db.prisma;
  ({ loader } = (await import("../../app/routes/healthz")) as unknown as { loader: () => Promise<Response> });
});
afterAll(() => db.drop());

describe("app /healthz", () => {
  it("answers 200 when the database and the queue answer", async () => {
    const res = await loader();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, checks: { database: "ok", queue: "ok" } });
  });

  it("answers 503 naming the queue when the queue cannot be read", async () => {
    await db.prisma.$executeRawUnsafe(`DROP TABLE "Job"`);
    const res = await loader().catch((error: unknown) => error);
    expect(res).toBeInstanceOf(Response);
    expect((res as Response).status).toBe(503);
    expect(await (res as Response).json()).toEqual({ ok: false, checks: { database: "ok", queue: "failed" } });
  });
});

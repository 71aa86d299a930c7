// The same contract (job-queue.contract.ts) against each database's queue: PrismaJobQueue on a fresh
// SQLite database per test (the sqlite leg), PgBossQueue on PostgreSQL in the matrix's postgres leg
// (TEST_DB_BACKEND=postgres, TEST_POSTGRES_URL) with one pg-boss schema per run, emptied before each test.
// PrismaJobQueue is not run on PostgreSQL: it refuses a PostgreSQL client (its singleton check and claim
// race under READ COMMITTED; docs/decisions/0006-pg-boss-queue.md).
import { randomUUID } from "node:crypto";
import pg from "pg";
import { describe } from "vitest";
import { postgresUrlForTests } from "../../../tests/support/postgres-url";
import { createTestDb } from "../../../tests/support/test-db";
import { jobQueueContract, type ContractBackend } from "./job-queue.contract";
import { PgBossQueue } from "./pg-boss-queue";
import { PrismaJobQueue } from "./prisma-job-queue";

const backoff = { baseMs: 1_000, jitter: 0 };

const sqlite: ContractBackend = {
  async create(now) {
    const db = await createTestDb("sqlite");
    return { queue: new PrismaJobQueue(db.prisma, { now, backoff }), drop: () => db.drop() };
  },
};

const postgresUrl = process.env.TEST_DB_BACKEND === "postgres" ? postgresUrlForTests("PgBossQueue contract") : undefined;

function postgres(url: string): ContractBackend {
  const schema = `pgboss_test_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  let clockOf: () => Date = () => new Date();
  // One queue per suite (installing pg-boss's schema per test would dominate the run); its clock reads
  // the current test's.
  const queue = new PgBossQueue({ connectionString: url, schema, now: () => clockOf(), backoff, max: 4 });
  return {
    setup: () => queue.start(),
    async create(now) {
      clockOf = now;
      await admin.query(`TRUNCATE ${schema}.job`);
      return { queue, drop: async () => undefined };
    },
    async teardown() {
      await queue.stop();
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    },
  };
}

const postgresLeg = process.env.TEST_DB_BACKEND === "postgres";
const backends: Array<[string, ContractBackend | null]> = postgresLeg
  ? [["PgBossQueue (PostgreSQL)", postgresUrl ? postgres(postgresUrl) : null]]
  : [["PrismaJobQueue (SQLite)", sqlite]];

describe.each(backends)("%s", (_name, backend) => {
  if (backend) jobQueueContract(backend);
  else describe.skip("needs TEST_POSTGRES_URL", () => undefined);
});

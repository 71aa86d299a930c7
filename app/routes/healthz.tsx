import prisma from "../db.server";
import { runHealthChecks } from "../.server/http/health-server";
import { logger } from "../.server/logger";
import { jobQueue } from "../.server/wiring/app-queue";

// Health check for a load balancer: the database answers, and so does the job queue every webhook is
// stored into (pg-boss's own pool on PostgreSQL). 503 names the failed check; the error goes to the log.
export const loader = async () => {
  const checks = await runHealthChecks(
    { database: () => prisma.$queryRaw`SELECT 1`, queue: () => jobQueue.getJob("health-check") },
    2_000,
    (check, error) => logger.warn("health check failed", { check, error }),
  );
  const ok = Object.values(checks).every((result) => result === "ok");
  return Response.json({ ok, checks }, { status: ok ? 200 : 503, headers: { "cache-control": "no-store" } });
};

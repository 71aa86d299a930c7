// The worker process (`npm run worker`): runs background jobs from the durable queue until SIGINT/SIGTERM,
// then lets the jobs in hand finish and exits. Jobs of a worker that died are taken over by the next one
// once their locks expire. The queue is the database's (app/.server/wiring/app-queue.ts): PrismaJobQueue
// on SQLite, PgBossQueue on PostgreSQL, where several workers share one database.
//
// Two lanes share the process: Whiplash events (short, ordered work on items) and the long-running ones
// (shop writers, imports, platform jobs), so a writer draining 200,000 syncs never holds events back.
// `--only name[,name]` runs just those jobs (e.g. the intake benchmark runs only whiplash-event).
// `--lock-ms N` sets how long a claimed job stays locked without a heartbeat, i.e. how soon another
// worker takes over the jobs of one that died (default 60 s for events, 120 s for the long lane; the
// heartbeat renews locks at half that while a job runs, so a shorter lock only shortens the takeover).
import { loadDotEnv } from "./.server/load-dotenv.mjs";
import { adoptShopifyCliHost } from "./.server/shopify-cli-env.mjs";

// Under `shopify app dev` the tunnel URL arrives in HOST (see shopify-cli-env.mjs); before .env.
adoptShopifyCliHost(process.env);
loadDotEnv();

// The worker's own SQLite connection commits without waiting for the disk (synchronous=NORMAL): what it
// writes is re-derived from stored events and jobs if the machine (not just the process) goes down.
// Set before anything imports db.server, which reuses globalThis.__prisma.
const { env } = await import("./.server/env");
const { createPrismaClient } = await import("./.server/db/create-prisma-client");
globalThis.__prisma ??= createPrismaClient(env().DATABASE_URL, { synchronous: "NORMAL" });

// Below the web process's CPU priority (process-priority.ts) before the lanes start any thread, which
// then inherit it. A system that refuses only costs the web process's latency: the worker runs anyway.
const { lowerProcessPriority } = await import("./.server/process-priority");
const niceness = env().WORKER_NICENESS;
const priority = (() => {
  try {
    return { niceness, ...lowerProcessPriority(niceness) };
  } catch (error) {
    return { niceness, error };
  }
})();

const { default: prisma } = await import("./db.server");
const { logger } = await import("./.server/logger");
const { jobQueue, stopAppJobQueue } = await import("./.server/wiring/app-queue");
const { Worker } = await import("./.server/jobs/worker");
const { intakeBatchHandlers } = await import("./.server/warehouse/apply-whiplash-event");
const { importJobHandlers } = await import("./.server/catalog/import-jobs");
const { writeRulesJobHandlers } = await import("./.server/catalog/write-rules-jobs");
const { shopWriterJobHandlers } = await import("./.server/sync/writer/writer-jobs");
const { platformJobHandlers } = await import("./.server/wiring/platform-jobs");
const { platformJobDeps } = await import("./.server/wiring/job-deps.server");
const { envWhiplashClientFactory } = await import("./.server/wiring/whiplash-client-factory");
const { bulkJobHandlers } = await import("./.server/bulk/handlers");
const { backgroundAdminClient } = await import("./.server/wiring/background-admin-client");
const { ensureReconcileSchedule } = await import("./.server/reconcile/reconcile-schedule");
const { runWriterSweep } = await import("./.server/sync/writer-sweep");
const { ensureRetentionSchedule } = await import("./.server/lifecycle/retention");
const { ensureInFlightExpiry } = await import("./.server/orders/expire-orders");
const { ensureWebhookHealthSchedule, webhookHealthJobHandlers } = await import("./.server/lifecycle/webhook-health");
const { whiplashWebhookEndpoint } = await import("./.server/whiplash/subscriptions");
const { PLATFORM_JOBS } = await import("./.server/jobs/registry");
const { startHealthServer } = await import("./.server/http/health-server");

const log = logger.child({ process: "worker" });
if ("error" in priority) log.warn("could not lower the worker's CPU priority (WORKER_NICENESS)", priority);
else log.info("worker CPU priority set", priority);
const whiplashClient = envWhiplashClientFactory(prisma, { logger: log });

const only = (() => {
  const i = process.argv.indexOf("--only");
  return i >= 0 ? new Set((process.argv[i + 1] ?? "").split(",").filter(Boolean)) : null;
})();
const lockMs = (() => {
  const i = process.argv.indexOf("--lock-ms");
  if (i < 0) return null;
  const ms = Number(process.argv[i + 1]);
  if (!Number.isInteger(ms) || ms < 2_000) throw new Error(`--lock-ms needs a whole number of milliseconds >= 2000 (got ${process.argv[i + 1]})`);
  return ms;
})();
const pick = <T,>(handlers: Record<string, T>) =>
  only ? Object.fromEntries(Object.entries(handlers).filter(([name]) => only.has(name))) : handlers;

const events = new Worker({
  queue: jobQueue,
  logger: log.child({ lane: "events" }),
  // A claimed batch of events is applied together: one save per item, one pending-sync write per batch.
  batchSize: 200,
  concurrency: 1,
  lockMs: lockMs ?? undefined,
  handlers: {},
  batchHandlers: pick(intakeBatchHandlers({ prisma, queue: jobQueue, logger: log, whiplashClient })),
});
const long = new Worker({
  queue: jobQueue,
  logger: log.child({ lane: "long" }),
  batchSize: 4,
  concurrency: 4,
  lockMs: lockMs ?? 120_000,
  handlers: pick({
    ...shopWriterJobHandlers(prisma, log),
    ...importJobHandlers({ prisma, queue: jobQueue, logger: log, whiplashClient }),
    // Sync Inventory changes made here, written to Whiplash (docs/decisions/0010).
    ...writeRulesJobHandlers({ prisma, queue: jobQueue, logger: log, whiplashClient }),
    ...platformJobHandlers(platformJobDeps()),
    // Whiplash webhook subscriptions: checked and repaired at start and every 15 minutes.
    ...webhookHealthJobHandlers({
      prisma,
      queue: jobQueue,
      logger: log,
      now: () => new Date(),
      whiplashClient,
      webhookEndpoint: whiplashWebhookEndpoint(env().SHOPIFY_APP_URL),
    }),
    // Merchant UI: bulk runs (saved-search reads, bulk Sync / Set Sync Inventory) and settings resyncs.
    ...bulkJobHandlers({ prisma, logger: log, adminClient: (shop) => backgroundAdminClient(shop) }),
  }),
});

const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    log.info("stopping: finishing the jobs in hand", { signal });
    stop.abort();
  });
}

// GET /healthz for a load balancer or an orchestrator: the database and the job queue answer (a lookup
// of a job id that cannot exist goes through the queue's own connection: pg-boss's pool on PostgreSQL).
const { WORKER_HEALTH_PORT, HOST } = env();
const health = WORKER_HEALTH_PORT
  ? await startHealthServer({
      port: WORKER_HEALTH_PORT,
      host: HOST,
      logger: log,
      stopping: () => stop.signal.aborted,
      checks: {
        database: () => prisma.$queryRaw`SELECT 1`,
        queue: () => jobQueue.getJob("health-check"),
      },
    })
  : null;
if (health) log.info("health endpoint listening", { url: `http://${HOST}:${WORKER_HEALTH_PORT}/healthz` });

// The daily reconciliation re-queues itself; make sure one exists (idempotent: singleton key).
if (!only || only.has(PLATFORM_JOBS.reconcileSchedule)) {
  await ensureReconcileSchedule(jobQueue, new Date()).catch((error: unknown) => log.warn("could not schedule reconciliation", { error }));
}

// Writers dead-lettered while no worker ran (or before this one started) are restarted now; the sweep
// then runs every minute as a platform job (singleton: one waiting sweep across processes).
if (!only || only.has(PLATFORM_JOBS.writerSweep)) {
  await runWriterSweep({ prisma, queue: jobQueue, logger: log }, new Date()).catch((error: unknown) => log.warn("writer sweep failed", { error }));
}

// In-flight orders Whiplash never confirmed expire (rule 3.9): checked every 15 minutes (singleton key).
if (!only || only.has(PLATFORM_JOBS.inFlightExpiry)) {
  await ensureInFlightExpiry(jobQueue, new Date(), 0).catch((error: unknown) => log.warn("could not schedule in-flight expiry", { error }));
}

// Retention of stored webhooks and the sync log: a run now, then daily (both idempotent: singleton keys).
if (!only || only.has(PLATFORM_JOBS.retention)) {
  for (const at of ["start", "daily"] as const) {
    await ensureRetentionSchedule(jobQueue, new Date(), at).catch((error: unknown) => log.warn("could not schedule retention", { error }));
  }
}

// Whiplash webhook subscriptions: a check now (a restart is when they are most likely gone), then every 15 min.
if (!only || only.has(PLATFORM_JOBS.webhookHealth)) {
  for (const at of ["start", "every"] as const) {
    await ensureWebhookHealthSchedule(jobQueue, new Date(), at).catch((error: unknown) => log.warn("could not schedule the webhook check", { error }));
  }
}

// Housekeeping: completed and cancelled jobs older than a day are dropped (dead letters are kept).
const purge = setInterval(() => {
  jobQueue.purgeFinished(new Date(Date.now() - 24 * 3600_000)).catch((error: unknown) => log.warn("purge failed", { error }));
}, 10 * 60_000);
purge.unref();

await Promise.all([events, long].filter((w) => w.names.length > 0).map((w) => w.run(stop.signal)));
clearInterval(purge);
health?.close();
await stopAppJobQueue();
await prisma.$disconnect();
log.info("worker exited");

// The worker's health endpoint (WORKER_HEALTH_PORT): the worker serves no HTTP otherwise, but a load
// balancer or an orchestrator should check it like the app's /healthz. GET /healthz answers 200 when every
// check (the database, the job queue) answers within the timeout, 503 otherwise and while the worker is
// stopping, so it is taken out before it exits. Errors are logged, not returned: a connection error can
// name hosts and users.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../logger";

export type HealthChecks = Record<string, () => Promise<unknown>>;

export interface HealthServerOptions {
  port: number;
  host: string;
  checks: HealthChecks;
  /** True once shutdown began. */
  stopping: () => boolean;
  logger: Pick<Logger, "warn">;
  /** A check slower than this counts as failed (a hung database must not hang the prober). */
  timeoutMs?: number;
}

export interface HealthReport {
  ok: boolean;
  stopping: boolean;
  checks: Record<string, "ok" | "failed" | "timeout">;
}

export async function runHealthChecks(
  checks: HealthChecks,
  timeoutMs: number,
  onError: (name: string, error: unknown) => void,
): Promise<HealthReport["checks"]> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      const run = check().then(
        () => "ok" as const,
        (error: unknown) => {
          onError(name, error);
          return "failed" as const;
        },
      );
      const result = await Promise.race([run, timeout]);
      clearTimeout(timer);
      return [name, result] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export async function startHealthServer(options: HealthServerOptions): Promise<Server> {
  const { checks, stopping, logger, timeoutMs = 2_000 } = options;
  const server = createServer((req, res) => {
    const pathname = new URL(req.url ?? "/", "http://health").pathname;
    if (req.method !== "GET" || pathname !== "/healthz") {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not found" }));
      return;
    }
    void runHealthChecks(checks, timeoutMs, (name, error) => logger.warn("health check failed", { check: name, error })).then(
      (results) => {
        const report: HealthReport = {
          ok: !stopping() && Object.values(results).every((r) => r === "ok"),
          stopping: stopping(),
          checks: results,
        };
        res
          .writeHead(report.ok ? 200 : 503, { "content-type": "application/json", "cache-control": "no-store" })
          .end(JSON.stringify(report));
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}

export function healthServerPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}

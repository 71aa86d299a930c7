// Wiring for the worker process: the platform's job handlers with the app's database, queue and the
// throttled background Admin client (offline token, shared per-shop budget).
import { backgroundAdminClient } from "./background-admin-client";
import type { PlatformJobDeps } from "./deps";
import { platformDeps } from "./deps.server";
import { env } from "../env";

export function platformJobDeps(): PlatformJobDeps {
  const e = env();
  return {
    ...platformDeps(),
    adminClient: (shop) => backgroundAdminClient(shop),
    fetch: (input, init) => fetch(input, init),
    retention: { inboundEventDays: e.INBOUND_EVENT_RETENTION_DAYS, syncLogDays: e.SYNC_LOG_RETENTION_DAYS },
    inFlightExpiryHours: e.IN_FLIGHT_ORDER_EXPIRY_HOURS,
  };
}

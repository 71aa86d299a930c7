// The only reader of process.env for the app and the worker. Parsed once, validated with zod.
// Both processes decide the mode here, the same way: NODE_ENV unset means production, so a worker started
// by hand on a server (`npm run worker`, which sets nothing) is guarded like `npm start`. Development and
// test are explicit: `npm run demo` and the test stack set NODE_ENV=development, vitest sets test, and
// Remix's dev server sets development.
import { z } from "zod";
import { DEFAULT_WORKER_NICENESS } from "./process-priority";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

/** A whole number of days >= 1 (retention windows). */
const days = (fallback: number, name: string) =>
  z.coerce.number({ message: `${name} must be a whole number of days` }).int(`${name} must be a whole number of days`).min(1, `${name} must be at least 1`).default(fallback);

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
    SHOPIFY_API_KEY: z.string().min(1, "SHOPIFY_API_KEY is required"),
    SHOPIFY_API_SECRET: z.string().min(1, "SHOPIFY_API_SECRET is required"),
    SHOPIFY_APP_URL: z.url("SHOPIFY_APP_URL must be a URL"),
    SCOPES: z.string().default("read_products,read_inventory,write_inventory,read_locations,read_orders"),
    DATABASE_URL: z.string().min(1).default("file:./prisma/dev.sqlite"),
    /** Local simulator base URL for every Shopify HTTP call. Off unless set; refused in production. */
    SHOPIFY_ADMIN_BASE_URL: z.url().optional(),
    /** Explicit opt-in needed to use SHOPIFY_ADMIN_BASE_URL with NODE_ENV=production (e.g. benchmarks). */
    ALLOW_SHOPIFY_ADMIN_BASE_URL_IN_PRODUCTION: bool,
    /** Stand-in App Bridge script (the CDN cannot be reached offline). Same rule as above. */
    APP_BRIDGE_URL: z.url().optional(),
    WHIPLASH_API_BASE_URL: z.url().default("https://www.getwhiplash.com/api/v2"),
    WHIPLASH_CLIENT_ID: z.string().default(""),
    WHIPLASH_CLIENT_SECRET: z.string().default(""),
    /** 32-byte key (hex or base64) for encrypting Whiplash tokens at rest. */
    ENCRYPTION_KEY: z.string().default(""),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
    /** Days a settled inbound webhook (body up to 1 MB) is kept; PENDING events are never deleted. */
    INBOUND_EVENT_RETENTION_DAYS: days(7, "INBOUND_EVENT_RETENTION_DAYS"),
    /** Days the sync log (and FAILED inbound events, kept for inspection) is kept. */
    SYNC_LOG_RETENTION_DAYS: days(30, "SYNC_LOG_RETENTION_DAYS"),
    /** The worker's health endpoint (GET /healthz) listens on this port when set; off otherwise. */
    WORKER_HEALTH_PORT: z.coerce
      .number({ message: "WORKER_HEALTH_PORT must be a port number" })
      .int("WORKER_HEALTH_PORT must be a port number")
      .min(1, "WORKER_HEALTH_PORT must be a port number")
      .max(65535, "WORKER_HEALTH_PORT must be a port number")
      .optional(),
    /**
     * How far below the web process the worker's CPU priority is (Unix niceness 0-19; 0 = the same). The
     * worker yields the cores to webhooks and pages when they share a machine (process-priority.ts).
     */
    WORKER_NICENESS: z.coerce
      .number({ message: "WORKER_NICENESS must be a whole number from 0 to 19" })
      .int("WORKER_NICENESS must be a whole number from 0 to 19")
      .min(0, "WORKER_NICENESS must be a whole number from 0 to 19")
      .max(19, "WORKER_NICENESS must be a whole number from 0 to 19")
      .default(DEFAULT_WORKER_NICENESS),
    /** Address the app (server.mjs) and the worker's health endpoint listen on; 0.0.0.0 for a remote load balancer. */
    HOST: z.string().min(1).default("127.0.0.1"),
    /** Hours a Shopify order's units are held back waiting for Whiplash to import it (rule 3.9). */
    IN_FLIGHT_ORDER_EXPIRY_HOURS: z.coerce
      .number({ message: "IN_FLIGHT_ORDER_EXPIRY_HOURS must be a number of hours" })
      .positive("IN_FLIGHT_ORDER_EXPIRY_HOURS must be above 0")
      .default(24),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production") return;
    const problem = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    // Benchmarks run the production build against the simulators on purpose, demo credentials included.
    // The opt-in covers that only when every URL is on this machine: with a real Whiplash or app URL the
    // checks below still apply.
    const urls = [env.SHOPIFY_APP_URL, env.WHIPLASH_API_BASE_URL, env.SHOPIFY_ADMIN_BASE_URL, env.APP_BRIDGE_URL];
    if (env.ALLOW_SHOPIFY_ADMIN_BASE_URL_IN_PRODUCTION && urls.every((u) => u === undefined || isLoopback(u))) return;
    const local = env.SHOPIFY_ADMIN_BASE_URL || env.APP_BRIDGE_URL;
    if (local && !env.ALLOW_SHOPIFY_ADMIN_BASE_URL_IN_PRODUCTION) {
      problem(
        "SHOPIFY_ADMIN_BASE_URL",
        "SHOPIFY_ADMIN_BASE_URL / APP_BRIDGE_URL point Shopify traffic at a local simulator and are refused " +
          "when NODE_ENV=production (set ALLOW_SHOPIFY_ADMIN_BASE_URL_IN_PRODUCTION=true only for local benchmarks)",
      );
    }
    if (!isPublicHttps(env.SHOPIFY_APP_URL)) {
      problem("SHOPIFY_APP_URL", "must be the app's public https URL in production (Shopify and Whiplash call it, and it receives tokens)");
    }
    if (!isPublicHttps(env.WHIPLASH_API_BASE_URL)) {
      problem(
        "WHIPLASH_API_BASE_URL",
        "must be Whiplash's https API in production, not a local simulator or plain http (every customer's Whiplash token is sent there)",
      );
    }
    for (const name of Object.keys(PUBLISHED_DEMO_VALUES) as (keyof typeof PUBLISHED_DEMO_VALUES)[]) {
      if (isPublishedDemoValue(name, env[name])) {
        problem(name, "is the published demo value from .env.example, which anyone can read; set this deployment's own value");
      }
    }
  });

/**
 * The credentials .env.example publishes (env.test.ts checks they match it). They only ever work with the
 * simulators; in production they would sign, or encrypt, with a key everybody has.
 */
export const PUBLISHED_DEMO_VALUES = {
  SHOPIFY_API_KEY: "demo-api-key",
  SHOPIFY_API_SECRET: "demo-api-secret",
  WHIPLASH_CLIENT_ID: "demo-whiplash-client",
  WHIPLASH_CLIENT_SECRET: "demo-whiplash-secret",
  ENCRYPTION_KEY: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
} as const;

function isPublishedDemoValue(name: keyof typeof PUBLISHED_DEMO_VALUES, value: string): boolean {
  const demo = PUBLISHED_DEMO_VALUES[name];
  if (value.trim() === demo) return true;
  // The same 32 bytes written in base64 are the same key.
  return name === "ENCRYPTION_KEY" && Buffer.from(value.trim(), "base64").equals(Buffer.from(demo, "hex"));
}

function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  } catch {
    return false;
  }
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || host === "0.0.0.0" || /^127\./.test(host);
}

/** https and not this machine (where the simulators listen). */
function isPublicHttps(url: string): boolean {
  return url.startsWith("https://") && !isLoopback(url);
}

export type Env = z.infer<typeof EnvSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "env"}: ${i.message}`);
    const mode = source.NODE_ENV || "production (NODE_ENV is unset)";
    const hint =
      source.NODE_ENV === "development" || source.NODE_ENV === "test"
        ? ""
        : `\nMode: ${mode}. To run against the local simulators on purpose, set NODE_ENV=development (npm run demo does).`;
    throw new Error(`Invalid environment:\n${lines.join("\n")}${hint}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

// The only reader of process.env for the app and the worker. Parsed once, validated with zod.
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

/** A whole number of days >= 1 (retention windows). */
const days = (fallback: number, name: string) =>
  z.coerce.number({ message: `${name} must be a whole number of days` }).int(`${name} must be a whole number of days`).min(1, `${name} must be at least 1`).default(fallback);

const EnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    SHOPIFY_API_KEY: z.string().min(1, "SHOPIFY_API_KEY is required"),
    SHOPIFY_API_SECRET: z.string().min(1, "SHOPIFY_API_SECRET is required"),
    SHOPIFY_APP_URL: z.url("SHOPIFY_APP_URL must be a URL"),
    SCOPES: z.string().default("read_products,read_inventory,write_inventory,read_locations"),
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
  })
  .superRefine((env, ctx) => {
    const local = env.SHOPIFY_ADMIN_BASE_URL || env.APP_BRIDGE_URL;
    if (env.NODE_ENV === "production" && local && !env.ALLOW_SHOPIFY_ADMIN_BASE_URL_IN_PRODUCTION) {
      ctx.addIssue({
        code: "custom",
        path: ["SHOPIFY_ADMIN_BASE_URL"],
        message:
          "SHOPIFY_ADMIN_BASE_URL / APP_BRIDGE_URL point Shopify traffic at a local simulator and are refused " +
          "when NODE_ENV=production (set ALLOW_SHOPIFY_ADMIN_BASE_URL_IN_PRODUCTION=true only for local benchmarks)",
      });
    }
  });

export type Env = z.infer<typeof EnvSchema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = EnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "env"}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

// The simulator's internals shared by the HTTP handlers and resolvers: state plus runtime settings
// (latency, cost model, faults, webhooks) that tests and the /_sim endpoints can change at any time.
import type { GraphQLSchema } from "graphql";
import type { Clock, Plan } from "./bucket";
import type { CostModel } from "./cost";
import type { FaultInjector } from "./faults";
import type { ShopState, SimState } from "./state";
import type { WebhookSender } from "./webhooks";

export interface SeedConfig {
  shop: string;
  products: number;
  locations: number;
}

export interface Runtime {
  state: SimState;
  apiKey: string;
  apiSecret: string;
  appUrl: string;
  scopes: string;
  defaultPlan: Plan;
  seed: SeedConfig | false;
  /** Clock for the leaky buckets (injectable so tests need no sleeps). */
  clock: Clock;
  /** Filled in once the server listens. */
  baseUrl: string;
  latencyMs: number;
  costModel: CostModel;
  /** Delay before a bulk operation starts running (0 = next tick). */
  bulkDelayMs: number;
  /** Whether shops created from now on send webhooks. */
  webhooksByDefault: boolean;
  faults: FaultInjector;
  webhooks: WebhookSender;
  schema: GraphQLSchema;
  /** The shop with this domain, created and seeded on first use (a token exchange installs the app). */
  ensureShop(domain: string): ShopState;
  /** Timers of scheduled bulk operations, cleared on close. */
  timers: Set<NodeJS.Timeout>;
}

export function latencyFor(runtime: Runtime, shop: ShopState | undefined): number {
  return shop?.latencyMs ?? runtime.latencyMs;
}

/** ISO-8601 without milliseconds, the format Shopify's DateTime uses. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

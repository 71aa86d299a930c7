// Fault injection for the Admin API endpoints: the next N calls (or each call with a probability)
// answer an HTTP error (500/502/503/504, 429 with Retry-After, or a call-level 401/402/403/423), answer
// 200 with a body that is not JSON (a proxy's error page), answer GraphQL's THROTTLED whatever the
// bucket holds, hang until the client gives up (or, with hangMs, until a gateway cuts the connection),
// or apply a mutation and then drop the connection before answering (to prove idempotent retries).
import { createRandom, type Random } from "../shared/prng";

export type FaultKind = "status" | "hang" | "drop-response" | "not-json" | "throttled";
export type FaultRoute = "graphql" | "token" | "any";

export interface FaultRule {
  kind: FaultKind;
  /**
   * For kind "status": a throttle or outage (429, 5xx), or a call-level refusal Shopify gives for the
   * whole shop (401 token, 402 shop frozen for payment, 403 access, 423 shop locked).
   */
  status?: 401 | 402 | 403 | 423 | 429 | 500 | 502 | 503 | 504;
  /** Retry-After header (seconds) for a 429 or 503. */
  retryAfterSeconds?: number;
  /** For kind "hang": drop the connection after this long (a gateway timeout); default: hold it until the client gives up. */
  hangMs?: number;
  /** Apply to the next N matching calls... */
  times?: number;
  /** ...or to each matching call with this probability (seeded, so runs are reproducible). */
  probability?: number;
  /** Only calls for this shop. */
  shop?: string;
  /** Which endpoint; default "graphql". */
  route?: FaultRoute;
  /** Only GraphQL queries or only mutations. */
  operation?: "query" | "mutation";
}

export interface ActiveFault extends FaultRule {
  id: number;
  applied: number;
}

export interface FaultContext {
  route: Exclude<FaultRoute, "any">;
  shop: string | null;
  operation?: "query" | "mutation" | "subscription";
  /** The GraphQL operation's name (e.g. InventorySetQuantities), when it has one. */
  operationName?: string | null;
  /** The input's referenceDocumentUri, when the call names one (an app's writer names its run there). */
  reference?: string | null;
}

export class FaultInjector {
  private rules: ActiveFault[] = [];
  private nextId = 1;
  private random: Random;
  /** Every fault applied, newest last (bounded). */
  readonly log: { at: number; id: number; kind: FaultKind; status?: number; shop: string | null; route: string; operation: string | null; reference: string | null }[] = [];
  /** Faults applied since start (or the last reset), by kind ("status" split by code, e.g. "status-503"); never trimmed. */
  readonly totals: Record<string, number> = {};
  /** Faults applied since start (or the last reset), by GraphQL operation name ("(none)" without one); never trimmed. */
  readonly byOperation: Record<string, number> = {};

  constructor(seed = 1) {
    this.random = createRandom(seed);
  }

  add(rule: FaultRule): ActiveFault {
    if (!["status", "hang", "drop-response", "not-json", "throttled"].includes(rule.kind)) throw new Error(`unknown fault kind ${String(rule.kind)}`);
    if (rule.kind === "status" && ![401, 402, 403, 423, 429, 500, 502, 503, 504].includes(rule.status ?? 0)) {
      throw new Error("a status fault needs status 401, 402, 403, 423, 429, 500, 502, 503 or 504");
    }
    if (rule.times === undefined && rule.probability === undefined) rule = { ...rule, times: 1 };
    const active: ActiveFault = { ...rule, id: this.nextId++, applied: 0 };
    this.rules.push(active);
    return active;
  }

  clear(): void {
    this.rules = [];
  }

  /** Forgets the totals and the log (the rules stay). */
  resetTotals(): void {
    for (const key of Object.keys(this.totals)) delete this.totals[key];
    for (const key of Object.keys(this.byOperation)) delete this.byOperation[key];
    this.log.length = 0;
  }

  list(): ActiveFault[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The fault to apply to this call, if any (consumes one of a rule's `times`). */
  take(ctx: FaultContext): ActiveFault | null {
    for (const rule of this.rules) {
      const route = rule.route ?? "graphql";
      if (route !== "any" && route !== ctx.route) continue;
      if (rule.shop && rule.shop !== ctx.shop) continue;
      if (rule.operation && rule.operation !== ctx.operation) continue;
      if (rule.times !== undefined) {
        if (rule.times <= 0) continue;
        if (rule.probability !== undefined && this.random() >= rule.probability) continue;
        rule.times--;
      } else if (this.random() >= (rule.probability ?? 0)) {
        continue;
      }
      rule.applied++;
      const label = rule.kind === "status" ? `status-${rule.status}` : rule.kind;
      this.totals[label] = (this.totals[label] ?? 0) + 1;
      if (ctx.route === "graphql") {
        const op = ctx.operationName ?? "(none)";
        this.byOperation[op] = (this.byOperation[op] ?? 0) + 1;
      }
      this.log.push({ at: Date.now(), id: rule.id, kind: rule.kind, status: rule.status, shop: ctx.shop, route: ctx.route, operation: ctx.operationName ?? null, reference: ctx.reference ?? null });
      if (this.log.length > 1000) this.log.shift();
      this.rules = this.rules.filter((r) => r.times === undefined || r.times > 0);
      return rule;
    }
    return null;
  }
}

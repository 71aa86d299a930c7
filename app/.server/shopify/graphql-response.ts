// Reading Shopify's GraphQL envelope: data, errors and the cost extension.
import type { ThrottleStatus } from "./cost-budget";

export interface CostExtension {
  requestedQueryCost: number;
  actualQueryCost: number | null;
  throttleStatus?: ThrottleStatus;
}

export interface GraphqlErrorEntry {
  message: string;
  extensions?: { code?: string; [k: string]: unknown };
  path?: unknown[];
}

export interface GraphqlEnvelope {
  data?: unknown;
  errors?: GraphqlErrorEntry[];
  extensions?: { cost?: CostExtension };
}

export function asEnvelope(body: unknown): GraphqlEnvelope | undefined {
  return body && typeof body === "object" ? (body as GraphqlEnvelope) : undefined;
}

export function readCost(envelope: GraphqlEnvelope | undefined): CostExtension | undefined {
  const cost = envelope?.extensions?.cost;
  if (!cost || typeof cost.requestedQueryCost !== "number") return undefined;
  const t = cost.throttleStatus;
  const valid =
    t && typeof t.maximumAvailable === "number" && typeof t.currentlyAvailable === "number" && typeof t.restoreRate === "number";
  return { ...cost, throttleStatus: valid ? t : undefined };
}

/** GraphQL error codes; non-GraphQL bodies (e.g. a 503's `{"errors": "Service Unavailable"}`) have none. */
export function errorCodes(envelope: GraphqlEnvelope | undefined): string[] {
  const errors = envelope?.errors;
  return Array.isArray(errors) ? errors.map((e) => e?.extensions?.code ?? "UNKNOWN") : [];
}

const OPERATION = /\b(query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/;

/** Name of the operation in a document ("anonymous" when unnamed); keys cost calibration and logs. */
export function operationNameOf(document: string): string {
  return OPERATION.exec(document)?.[2] ?? "anonymous";
}

export function operationKindOf(document: string): "query" | "mutation" {
  const match = /\b(query|mutation|subscription)\b|\{/.exec(document.replace(/#[^\n]*/g, ""));
  return match?.[1] === "mutation" ? "mutation" : "query";
}

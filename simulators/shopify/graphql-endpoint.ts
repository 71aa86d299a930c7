// POST /admin/api/<version>/graphql.json: authenticates the access token, prices the query,
// charges the shop's leaky bucket (THROTTLED over budget, MAX_COST_EXCEEDED above 1000 points),
// runs it with graphql-js, refunds the unused cost and answers with extensions.cost, after the
// configured latency and any injected fault.
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  execute,
  getArgumentValues,
  getOperationAST,
  GraphQLError,
  isInputType,
  Kind,
  parse,
  typeFromAST,
  validate,
  valueFromAST,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLFormattedError,
  type NamedTypeNode,
  type OperationDefinitionNode,
} from "graphql";
import { ActualCost, requestedQueryCost } from "./cost";
import type { ActiveFault } from "./faults";
import { delay, readBody, sendJson } from "./http-util";
import type { GqlContext } from "./resolvers/context";
import { latencyFor, type Runtime } from "./runtime";
import { costExtension, INVALID_TOKEN_BODY, maxCostExceededBody, shopifyValidationError, throttledBody } from "./shopify-errors";
import type { Caller, ShopState } from "./state";

const MAX_INPUT_ARRAY = 250;

interface Prepared {
  doc: DocumentNode | null;
  errors: GraphQLFormattedError[];
  fragments: Record<string, FragmentDefinitionNode>;
}

// Parsing and validating the same document on every call would dominate a writer's hot loop.
const preparedBySchema = new WeakMap<object, Map<string, Prepared>>();

function prepare(runtime: Runtime, query: string): Prepared {
  let prepared = preparedBySchema.get(runtime.schema);
  if (!prepared) preparedBySchema.set(runtime.schema, (prepared = new Map()));
  const hit = prepared.get(query);
  if (hit) return hit;
  let result: Prepared;
  try {
    const doc = parse(query);
    const errors = validate(runtime.schema, doc).map(shopifyValidationError);
    const fragments: Record<string, FragmentDefinitionNode> = {};
    for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
    result = { doc, errors, fragments };
  } catch (error) {
    result = { doc: null, errors: [(error as GraphQLError).toJSON?.() ?? { message: String(error) }], fragments: {} };
  }
  if (prepared.size > 500) prepared.clear();
  prepared.set(query, result);
  return result;
}

/** Input arrays are capped at 250 entries in every Shopify API. */
function inputSizeErrors(runtime: Runtime, operation: OperationDefinitionNode, vars: Record<string, unknown>): GraphQLFormattedError[] {
  const root = operation.operation === "mutation" ? runtime.schema.getMutationType()! : runtime.schema.getQueryType()!;
  const errors: GraphQLFormattedError[] = [];
  const walk = (value: unknown, path: string[], node: { loc?: { startToken: { line: number; column: number } } }) => {
    if (Array.isArray(value)) {
      if (value.length > MAX_INPUT_ARRAY) {
        errors.push({
          message: `The input array size of ${value.length} is greater than the maximum allowed of ${MAX_INPUT_ARRAY}.`,
          locations: node.loc ? [{ line: node.loc.startToken.line, column: node.loc.startToken.column }] : undefined,
          path,
          extensions: { code: "MAX_INPUT_SIZE_EXCEEDED" },
        });
      }
      return;
    }
    if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...path, k], node);
  };
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) continue;
    const def = root.getFields()[selection.name.value];
    if (!def) continue;
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(def, selection, vars);
    } catch {
      continue;
    }
    walk(args, [selection.name.value], selection);
  }
  return errors;
}

function withVariableDefaults(runtime: Runtime, operation: OperationDefinitionNode, raw: unknown): Record<string, unknown> {
  const vars: Record<string, unknown> = raw && typeof raw === "object" && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : {};
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    if (def.defaultValue && !(name in vars)) {
      const type = typeFromAST(runtime.schema, def.type as NamedTypeNode);
      if (type && isInputType(type)) vars[name] = valueFromAST(def.defaultValue, type);
    }
  }
  return vars;
}

/** The raw variables' input.referenceDocumentUri, if a string (read before validation, as trackWriter does). */
function referenceOf(variables: unknown): string | null {
  const reference = (variables as { input?: { referenceDocumentUri?: unknown } } | null | undefined)?.input?.referenceDocumentUri;
  return typeof reference === "string" ? reference : null;
}

function callerOf(token: { clientId: string; online: boolean; userId?: number }): Caller {
  return { type: "app", clientId: token.clientId, tokenType: token.online ? "online" : "offline", ...(token.userId ? { userId: token.userId } : {}) };
}

function applyStatusFault(res: ServerResponse, fault: ActiveFault): void {
  const headers: Record<string, string> = { "X-Request-Id": randomUUID() };
  if (fault.retryAfterSeconds !== undefined) headers["Retry-After"] = String(fault.retryAfterSeconds);
  const status = fault.status!;
  const body =
    status === 429
      ? { errors: "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service." }
      : {
          errors: {
            401: "[API] Invalid API key or access token (unrecognized login or wrong password)",
            402: "Unavailable Shop",
            403: "Forbidden",
            423: "Locked",
            500: "Internal Server Error",
            502: "Bad Gateway",
            503: "Service Unavailable",
            504: "Gateway Timeout",
          }[status],
        };
  sendJson(res, status, body, headers);
}

/**
 * Counts the writers writing a shop at once: an inventorySetQuantities call is in flight from its arrival
 * until its connection closes (answered, faulted, dropped or abandoned by the client), and is attributed
 * to its input's referenceDocumentUri (the app's writer run). Raw variables are read: this runs before
 * faults and validation, so a faulted attempt still counts as a writer at work.
 */
function trackWriter(shop: ShopState, operation: OperationDefinitionNode | null | undefined, variables: unknown, res: ServerResponse): void {
  if (operation?.operation !== "mutation") return;
  const writes = operation.selectionSet.selections.some((s) => s.kind === Kind.FIELD && s.name.value === "inventorySetQuantities");
  if (!writes) return;
  const writer = referenceOf(variables) ?? "(no reference)";
  const inFlight = shop.writesInFlight;
  inFlight.set(writer, (inFlight.get(writer) ?? 0) + 1);
  shop.counters.maxConcurrentWriters = Math.max(shop.counters.maxConcurrentWriters, inFlight.size);
  res.once("close", () => {
    const left = (inFlight.get(writer) ?? 1) - 1;
    if (left > 0) inFlight.set(writer, left);
    else inFlight.delete(writer);
  });
}

/**
 * Resolves once performance.now() reaches `due`: a timer for the whole milliseconds, then event-loop turns
 * for the rest (Node's timers run off a loop clock cached in whole ms and can fire a fraction early).
 */
async function waitUntil(due: number): Promise<void> {
  for (let left = due - performance.now(); left > 0; left = due - performance.now()) {
    if (left >= 1) await delay(Math.floor(left));
    else await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

export interface HangingRequests {
  add(res: ServerResponse): void;
}

export async function handleGraphql(runtime: Runtime, req: IncomingMessage, res: ServerResponse, version: string, hanging: HangingRequests): Promise<void> {
  // The configured latency is the whole call as the client sees it, our own work included: the answer is
  // due `latency` ms after the request arrived (a sub-millisecond clock: Date.now() rounded each call's
  // elapsed time down to whole ms, and the wait was measured from after the body was read).
  const arrived = performance.now();
  const untilDue = () => waitUntil(arrived + latencyFor(runtime, shop));
  const raw = await readBody(req);
  const tokenValue = req.headers["x-shopify-access-token"] as string | undefined;
  const token = tokenValue ? runtime.state.accessTokens.get(tokenValue) : undefined;
  const domain = (req.headers["x-shopify-shop-domain"] as string | undefined) ?? token?.shop ?? "";
  const shop: ShopState | undefined = runtime.state.shops.get(domain);
  const respond = async (status: number, body: unknown) => {
    await untilDue();
    if (res.destroyed) return;
    sendJson(res, status, body, { "X-Request-Id": randomUUID(), "X-Shopify-API-Version": version });
    if (shop) {
      // How long answers really took (the benches compare it with the latency asked for).
      shop.counters.answered++;
      shop.counters.answerMsTotal += performance.now() - arrived;
    }
  };

  if (!token || token.shop !== domain || !shop || !shop.installed || (token.expiresAt !== undefined && token.expiresAt <= Date.now())) {
    runtime.state.totals.unauthorized++;
    return respond(401, INVALID_TOKEN_BODY);
  }

  let body: { query?: unknown; variables?: unknown; operationName?: unknown };
  try {
    body = req.headers["content-type"]?.includes("application/graphql") ? { query: raw } : (JSON.parse(raw) as typeof body);
  } catch {
    return respond(400, { errors: "Bad Request: the body is not valid JSON" });
  }
  if (typeof body.query !== "string" || !body.query.trim()) return respond(400, { errors: { query: "Required parameter missing or invalid" } });

  shop.counters.graphqlRequests++;
  runtime.state.totals.graphqlRequests++;
  const prep = prepare(runtime, body.query);
  const operationName = typeof body.operationName === "string" ? body.operationName : null;
  const operation = prep.doc ? getOperationAST(prep.doc, operationName) : null;

  trackWriter(shop, operation, body.variables, res);
  const fault = runtime.faults.take({
    route: "graphql",
    shop: shop.domain,
    operation: operation?.operation,
    operationName: operation?.name?.value ?? operationName,
    reference: referenceOf(body.variables),
  });
  if (fault) shop.counters.faultsInjected++;
  if (fault?.kind === "hang") {
    hanging.add(res);
    // A gateway timeout: the connection is cut after hangMs (otherwise held until the client gives up).
    if (fault.hangMs !== undefined) setTimeout(() => res.socket?.destroy(), fault.hangMs).unref();
    return;
  }
  if (fault?.kind === "status") {
    await untilDue();
    return applyStatusFault(res, fault);
  }
  if (fault?.kind === "not-json") {
    await untilDue();
    res.writeHead(200, { "Content-Type": "text/html" });
    return void res.end("<html><body>Service temporarily unavailable</body></html>");
  }

  const status0 = () => costExtension(0, 0, shop.bucket.status());
  if (prep.errors.length || !prep.doc) return respond(200, { errors: prep.errors, extensions: status0() });
  if (!operation) {
    const message = operationName ? `No operation named "${operationName}"` : "An operation name is required";
    return respond(200, { errors: [{ message }], extensions: status0() });
  }

  // Pricing and the input-size check read the raw variables (plus declared defaults): coercing 250
  // input objects is the costliest step of a write and execute() does it anyway. If the variables
  // turn out invalid, execute() answers with errors and no data, and the charge is refunded.
  const vars = withVariableDefaults(runtime, operation, body.variables);
  const sizeErrors = inputSizeErrors(runtime, operation, vars);
  if (sizeErrors.length) return respond(200, { errors: sizeErrors, extensions: status0() });

  const requested = requestedQueryCost(runtime.schema, operation, prep.fragments, vars, runtime.costModel);
  if (requested > runtime.costModel.maxQueryCost) {
    shop.counters.maxCostExceeded++;
    return respond(200, maxCostExceededBody(requested, runtime.costModel.maxQueryCost, shop.bucket.status()));
  }
  if (fault?.kind === "throttled") {
    // An injected THROTTLED: what Shopify answers when the bucket is short, whatever ours holds.
    shop.counters.throttled++;
    runtime.state.totals.throttled++;
    return respond(200, throttledBody(requested, shop.bucket.status()));
  }
  if (!shop.bucket.tryCharge(requested)) {
    shop.counters.throttled++;
    runtime.state.totals.throttled++;
    return respond(200, throttledBody(requested, shop.bucket.status()));
  }

  const isMutation = operation.operation === "mutation";
  const ctx: GqlContext = { runtime, shop, caller: callerOf(token), cost: new ActualCost(!isMutation), bulk: null };
  const result = await execute({ schema: runtime.schema, document: prep.doc, variableValues: vars, operationName, contextValue: ctx });
  if (result.data === undefined) {
    // Variables that do not coerce: nothing ran, nothing is charged.
    shop.bucket.refund(requested);
    const errors = (result.errors ?? []).map((e) => ({ ...e.toJSON(), extensions: { code: "INVALID_VARIABLE" } }));
    return respond(200, { errors, extensions: costExtension(requested, 0, shop.bucket.status()) });
  }
  const actual = isMutation ? requested : Math.min(requested, ctx.cost.total);
  shop.bucket.refund(requested - actual);
  shop.counters.pointsCharged += actual;

  const response: Record<string, unknown> = {};
  if (result.errors?.length) response.errors = result.errors.map((e) => e.toJSON());
  response.data = result.data ?? null;
  response.extensions = costExtension(requested, actual, shop.bucket.status());

  if (fault?.kind === "drop-response") {
    // The mutation has been applied; the client never hears about it.
    await untilDue();
    res.socket?.destroy();
    return;
  }
  return respond(200, response);
}


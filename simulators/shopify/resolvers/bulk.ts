// Bulk queries: bulkOperationRunQuery validates the query, records a CREATED operation and runs it in
// the background (after runtime.bulkDelayMs), reading the root connection page by page so a 400k-item
// store does not block the server. The result is JSONL as Shopify writes it: one line per object,
// nested connections' nodes on their own lines with "__parentId" pointing at the parent node's id.
import { execute, getNamedType, isObjectType, Kind, parse, validate, type DocumentNode, type GraphQLObjectType, type GraphQLResolveInfo, type SelectionSetNode } from "graphql";
import { ActualCost, isConnectionType } from "../cost";
import { gid, idOf } from "../ids";
import { isoTime, type Runtime } from "../runtime";
import type { BulkOperationRecord, Caller, ShopState } from "../state";
import type { GqlContext } from "./context";
import { bulkView } from "./views";

export const MAX_CONCURRENT_BULK_QUERIES = 5;
const MAX_CONNECTIONS = 5;
const MAX_CONNECTION_DEPTH = 2;
const ROOT_PAGE_SIZE = 1000;

function scanConnections(schema: GraphQLResolveInfo["schema"], type: GraphQLObjectType, set: SelectionSetNode, depth: number, found: { count: number; maxDepth: number }) {
  for (const selection of set.selections) {
    if (selection.kind !== Kind.FIELD) {
      if (selection.kind === Kind.INLINE_FRAGMENT) scanConnections(schema, type, selection.selectionSet, depth, found);
      continue;
    }
    const def = type.getFields()[selection.name.value];
    if (!def || !selection.selectionSet) continue;
    const named = getNamedType(def.type);
    let nextDepth = depth;
    if (isConnectionType(named)) {
      found.count++;
      nextDepth = depth + 1;
      found.maxDepth = Math.max(found.maxDepth, nextDepth);
    }
    if (isObjectType(named)) scanConnections(schema, named, selection.selectionSet, nextDepth, found);
  }
}

/** The reasons Shopify would refuse this bulk query, or the parsed document. */
export function checkBulkQuery(schema: GraphQLResolveInfo["schema"], query: string): { doc: DocumentNode } | { error: string } {
  let doc: DocumentNode;
  try {
    doc = parse(query);
  } catch (error) {
    return { error: `Invalid bulk query: ${(error as Error).message}` };
  }
  const errors = validate(schema, doc);
  if (errors.length) return { error: `Invalid bulk query: ${errors.map((e) => e.message).join("; ")}` };
  const operations = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0].kind !== Kind.OPERATION_DEFINITION || operations[0].operation !== "query") {
    return { error: "Bulk queries must contain exactly one query operation." };
  }
  const root = schema.getQueryType()!;
  const found = { count: 0, maxDepth: 0 };
  scanConnections(schema, root, operations[0].selectionSet, 0, found);
  if (found.count === 0) return { error: "Bulk queries must contain at least one connection." };
  if (found.count > MAX_CONNECTIONS) return { error: `Bulk queries cannot contain more than ${MAX_CONNECTIONS} connections.` };
  if (found.maxDepth > MAX_CONNECTION_DEPTH) return { error: `Bulk queries cannot contain connections with a nesting depth greater than ${MAX_CONNECTION_DEPTH}.` };
  const rootFields = operations[0].selectionSet.selections.filter((s) => s.kind === Kind.FIELD);
  const rootDef = rootFields.length === 1 && rootFields[0].kind === Kind.FIELD ? root.getFields()[rootFields[0].name.value] : undefined;
  if (!rootDef || !isConnectionType(getNamedType(rootDef.type))) {
    return { error: "The simulator runs bulk queries with exactly one top-level field, which must be a connection." };
  }
  return { doc };
}

type Json = Record<string, unknown>;

function isConnectionValue(value: unknown): value is { edges?: { node: Json }[]; nodes?: Json[] } {
  return Boolean(value && typeof value === "object" && !Array.isArray(value) && (Array.isArray((value as Json).edges) || Array.isArray((value as Json).nodes)));
}

function itemsOf(conn: { edges?: { node: Json }[]; nodes?: Json[] }): Json[] {
  return conn.edges ? conn.edges.map((e) => e.node).filter(Boolean) : (conn.nodes ?? []);
}

/** Copies a value, moving any nested connection out into `children` (emitted as separate lines). */
function inline(value: unknown, children: unknown[]): unknown {
  if (Array.isArray(value)) return value.map((v) => inline(v, children));
  if (value && typeof value === "object") {
    const out: Json = {};
    for (const [k, v] of Object.entries(value)) {
      if (isConnectionValue(v)) children.push(v);
      else out[k] = inline(v, children);
    }
    return out;
  }
  return value;
}

function emit(obj: Json, parentId: string | undefined, lines: string[]): void {
  const children: unknown[] = [];
  const line = inline(obj, children) as Json;
  if (parentId) line.__parentId = parentId;
  lines.push(JSON.stringify(line));
  const ownId = typeof obj.id === "string" ? obj.id : parentId;
  for (const conn of children) for (const item of itemsOf(conn as never)) emit(item, ownId, lines);
}

async function runBulk(runtime: Runtime, shop: ShopState, rec: BulkOperationRecord, doc: DocumentNode, caller: Caller): Promise<void> {
  if (rec.status !== "CREATED") return;
  rec.status = "RUNNING";
  const lines: string[] = [];
  const bulk = { pageSize: ROOT_PAGE_SIZE, after: null as string | null, nextCursor: null as string | null, hasNext: false };
  let roots = 0;
  for (;;) {
    const ctx: GqlContext = { runtime, shop, caller, cost: new ActualCost(false), bulk };
    const result = await execute({ schema: runtime.schema, document: doc, contextValue: ctx });
    if (result.errors?.length || !result.data) {
      rec.status = "FAILED";
      rec.errorCode = "INTERNAL_SERVER_ERROR";
      rec.completedAt = Date.now();
      return;
    }
    const rootValue = Object.values(result.data)[0];
    if (isConnectionValue(rootValue)) {
      for (const item of itemsOf(rootValue)) {
        roots++;
        emit(item, undefined, lines);
      }
    }
    if (!bulk.hasNext || (rec.status as string) === "CANCELING") break;
    bulk.after = bulk.nextCursor;
    // Let the server answer other requests between pages of a big export.
    await new Promise((resolve) => setImmediate(resolve));
  }
  if ((rec.status as string) === "CANCELING") {
    rec.status = "CANCELED";
    rec.completedAt = Date.now();
    return;
  }
  rec.jsonl = lines.length ? `${lines.join("\n")}\n` : "";
  rec.objectCount = lines.length;
  rec.rootObjectCount = roots;
  rec.fileSize = Buffer.byteLength(rec.jsonl);
  const completedAt = Date.now();
  rec.completedAt = completedAt;
  rec.status = "COMPLETED";
  runtime.webhooks.maybeSend(shop, "bulk_operations/finish", () => ({
    admin_graphql_api_id: gid("BulkOperation", rec.id),
    completed_at: isoTime(completedAt),
    created_at: isoTime(rec.createdAt),
    error_code: null,
    status: "completed",
    type: "query",
  }));
}

function schedule(runtime: Runtime, shop: ShopState, rec: BulkOperationRecord, doc: DocumentNode, caller: Caller): void {
  const timer = setTimeout(() => {
    runtime.timers.delete(timer);
    runBulk(runtime, shop, rec, doc, caller).catch(() => {
      rec.status = "FAILED";
      rec.errorCode = "INTERNAL_SERVER_ERROR";
    });
  }, runtime.bulkDelayMs);
  runtime.timers.add(timer);
}

export function bulkOperationRunQuery(_: unknown, args: { query: string; groupObjects: boolean }, ctx: GqlContext) {
  const checked = checkBulkQuery(ctx.runtime.schema, args.query);
  if ("error" in checked) return { bulkOperation: null, userErrors: [{ code: "INVALID", field: ["query"], message: checked.error }] };
  const running = ctx.shop.bulkOperations.filter((op) => op.status === "CREATED" || op.status === "RUNNING");
  if (running.length >= MAX_CONCURRENT_BULK_QUERIES) {
    return {
      bulkOperation: null,
      userErrors: [{ code: "LIMIT_REACHED", field: null, message: `A shop can run at most ${MAX_CONCURRENT_BULK_QUERIES} bulk query operations at a time.` }],
    };
  }
  const rec: BulkOperationRecord = {
    id: ++ctx.runtime.state.ids.bulkOperation,
    shop: ctx.shop.domain,
    query: args.query,
    status: "CREATED",
    type: "QUERY",
    createdAt: Date.now(),
    completedAt: null,
    objectCount: 0,
    rootObjectCount: 0,
    fileSize: null,
    errorCode: null,
    jsonl: null,
  };
  ctx.shop.bulkOperations.push(rec);
  schedule(ctx.runtime, ctx.shop, rec, checked.doc, ctx.caller);
  return { bulkOperation: bulkView(rec), userErrors: [] };
}

export function bulkOperationCancel(_: unknown, args: { id: string }, ctx: GqlContext) {
  const id = idOf(args.id, "BulkOperation");
  const rec = ctx.shop.bulkOperations.find((op) => op.id === id);
  if (!rec) return { bulkOperation: null, userErrors: [{ field: ["id"], message: "Bulk operation does not exist" }] };
  if (rec.status === "CREATED") rec.status = "CANCELED";
  else if (rec.status === "RUNNING") rec.status = "CANCELING";
  else return { bulkOperation: bulkView(rec), userErrors: [{ field: null, message: `A bulk operation cannot be canceled when it is ${rec.status.toLowerCase()}` }] };
  return { bulkOperation: bulkView(rec), userErrors: [] };
}


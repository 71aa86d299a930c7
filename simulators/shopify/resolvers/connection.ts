// Relay connections over id-ordered (or explicitly sorted) arrays, with Shopify's paging rules:
// one of first/last is required, at most 250 per page, cursors are opaque. Bulk operations read the
// root connection page by page and nested connections in full.
import { GraphQLError, type GraphQLResolveInfo } from "graphql";
import { decodeCursor, encodeCursor } from "../ids";
import type { GqlContext } from "./context";

export const MAX_PAGE_SIZE = 250;

export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface ConnectionSpec<T> {
  items: readonly T[];
  idOf: (item: T) => number;
  wrap: (item: T) => unknown;
  /** Sort value put in cursors (defaults to the id). */
  sortValue?: (item: T) => string | number;
  /** True when `items` is ascending by id, which allows binary search for cursors. */
  sortedById?: boolean;
}

function badRequest(message: string, info: GraphQLResolveInfo): GraphQLError {
  return new GraphQLError(message, { nodes: info.fieldNodes, extensions: { code: "BAD_REQUEST" } });
}

function findPhysical<T>(spec: ConnectionSpec<T>, id: number): { index: number; exact: boolean } {
  const { items, idOf } = spec;
  if (spec.sortedById) {
    let lo = 0;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (idOf(items[mid]) < id) lo = mid + 1;
      else hi = mid;
    }
    return { index: lo, exact: lo < items.length && idOf(items[lo]) === id };
  }
  const index = items.findIndex((item) => idOf(item) === id);
  return index >= 0 ? { index, exact: true } : { index: items.length, exact: false };
}

export function connection<T>(spec: ConnectionSpec<T>, args: PageArgs, ctx: GqlContext, info: GraphQLResolveInfo) {
  let { first, last, after } = args;
  const { before } = args;
  const isRoot = info.path.prev === undefined;
  if (ctx.bulk) {
    // Bulk operations ignore page sizes: the root connection is paged internally, the rest read whole.
    first = isRoot ? ctx.bulk.pageSize : null;
    last = null;
    after = isRoot ? ctx.bulk.after : null;
  } else {
    if (first == null && last == null) throw badRequest("you must provide one of first or last", info);
    for (const [label, size] of [["first", first], ["last", last]] as const) {
      if (size != null && (size < 0 || size > MAX_PAGE_SIZE)) {
        throw badRequest(`Argument '${label}' on Field '${info.fieldName}' has an invalid value (${size}). Expected a page size from 0 to ${MAX_PAGE_SIZE}.`, info);
      }
    }
  }

  const n = spec.items.length;
  const reverse = Boolean(args.reverse);
  // Logical positions run in the requested order; physical ones index `items`.
  const toLogical = (physical: number) => (reverse ? n - 1 - physical : physical);
  const at = (logical: number) => spec.items[reverse ? n - 1 - logical : logical];

  let start = 0;
  let end = n;
  if (after) {
    const cursor = decodeCursor(after);
    if (!cursor) throw badRequest(`Invalid cursor for current pagination sort.`, info);
    const { index, exact } = findPhysical(spec, cursor.lastId);
    // A vanished cursor item: resume where it would have been.
    start = reverse ? (exact ? toLogical(index) + 1 : toLogical(index - 1)) : exact ? index + 1 : index;
  }
  if (before) {
    const cursor = decodeCursor(before);
    if (!cursor) throw badRequest(`Invalid cursor for current pagination sort.`, info);
    const { index, exact } = findPhysical(spec, cursor.lastId);
    end = Math.min(end, reverse ? toLogical(exact ? index : index - 1) : index);
  }
  start = Math.max(0, Math.min(start, n));
  end = Math.max(start, end);
  if (first != null) end = Math.min(end, start + first);
  if (last != null) start = Math.max(start, end - last);

  const page: T[] = [];
  for (let i = start; i < end; i++) page.push(at(i));
  const cursorOf = (item: T) => encodeCursor(spec.idOf(item), spec.sortValue ? spec.sortValue(item) : spec.idOf(item));
  const edges = page.map((item) => ({ cursor: cursorOf(item), node: spec.wrap(item) }));
  const hasNextPage = end < n;
  if (ctx.bulk && isRoot) {
    ctx.bulk.hasNext = hasNextPage;
    ctx.bulk.nextCursor = page.length ? cursorOf(page[page.length - 1]) : null;
  }
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}

// The @idempotent(key:) directive, mandatory on inventory mutations since 2026-04. The same key with
// the same arguments replays the first result without applying anything again; the same key with
// different arguments is IDEMPOTENCY_KEY_PARAMETER_MISMATCH. A first attempt that failed with
// userErrors changed nothing, so a retry with the same key and arguments runs again (a writer can
// activate a missing level and retry the same batch with the same key).
import { createHash } from "node:crypto";
import { getDirectiveValues, GraphQLError, type GraphQLResolveInfo } from "graphql";
import type { GqlContext } from "./context";

/** The idempotency key of this field, or the BAD_REQUEST error Shopify answers without one. */
export function idempotencyKey(info: GraphQLResolveInfo): string {
  const directive = info.schema.getDirective("idempotent")!;
  const values = getDirectiveValues(directive, info.fieldNodes[0], info.variableValues) as { key?: string } | undefined;
  if (!values) {
    throw new GraphQLError("The @idempotent directive is required for this mutation but was not provided.", {
      nodes: info.fieldNodes,
      extensions: { code: "BAD_REQUEST" },
    });
  }
  if (!values.key || !values.key.trim()) {
    throw new GraphQLError("The idempotency key cannot be an empty string or whitespace only.", {
      nodes: info.fieldNodes,
      extensions: { code: "BAD_REQUEST" },
    });
  }
  return values.key;
}

export const MISMATCH_MESSAGE = "The same idempotency key cannot be used with different operation parameters.";

export function idempotent<P extends { userErrors: unknown[] }>(
  ctx: GqlContext,
  info: GraphQLResolveInfo,
  args: Record<string, unknown>,
  mismatch: () => P,
  run: (key: string) => P,
): P {
  const key = idempotencyKey(info);
  // Coerced input objects list their fields in schema order, so JSON.stringify is canonical here. Kept
  // as a digest: a 250-quantity call's arguments are ~40 KB, held for every key the shop has used.
  const fingerprint = createHash("sha256").update(`${info.fieldName}:${JSON.stringify(args)}`).digest("base64");
  const existing = ctx.shop.idempotency.get(key);
  if (existing) {
    if (existing.fingerprint !== fingerprint) return mismatch();
    if (existing.completed) {
      ctx.shop.counters.idempotentReplays++;
      return existing.payload as P;
    }
  }
  const payload = run(key);
  ctx.shop.idempotency.set(key, {
    field: info.fieldName,
    fingerprint,
    completed: payload.userErrors.length === 0,
    payload,
    createdAt: Date.now(),
  });
  return payload;
}

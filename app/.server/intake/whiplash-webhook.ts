// POST /webhooks/whiplash, minus the routing: read the raw body once (size-limited), verify the
// signature, classify the payload, store it and enqueue its job, answer. Nothing here calls Whiplash
// or Shopify; the worker does the rest. Whiplash switches a subscription off after 100 consecutive
// failures, so anything signed that we merely don't use is stored and acknowledged with 200.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PrismaClient } from "@prisma/client";
import type { Logger } from "../logger";
import type { EventJobs } from "../jobs/event-jobs";
import { verifyWhiplashSignature, WHIPLASH_SIGNATURE_HEADER } from "../whiplash/signature";
import { parseWhiplashWebhook } from "../whiplash/payloads";
import { storeWhiplashEvent, type EventOutcome } from "./whiplash-intake-store";
import { customerIdByWhiplashId } from "../db/customers";
import { SharedLookupCache } from "./shared-lookup-cache";
import { BodyAborted, BodyTooLarge, readLimitedBody, readLimitedNodeBody } from "../http/limited-body";

export const MAX_WEBHOOK_BYTES = 1024 * 1024;

export interface IntakeDeps {
  prisma: PrismaClient;
  queue: EventJobs;
  secret: string;
  clientId: string;
  logger: Logger;
  maxBytes?: number;
  now?: () => Date;
}

/** What the intake answers: a status and a small JSON body. */
export interface IntakeAnswer {
  status: number;
  body: Record<string, unknown>;
}

const answer = (status: number, body: Record<string, unknown>): IntakeAnswer => ({ status, body });

const JSON_HEADERS = { "content-type": "application/json", "cache-control": "no-store, no-transform" };

// Content-Length on a tiny answer keeps remix-serve's compression middleware from gzipping it (it
// compresses bodies of unknown length, which cost more CPU than the whole intake under load).
function toResponse({ status, body }: IntakeAnswer): Response {
  const text = JSON.stringify(body);
  return new Response(text, { status, headers: { ...JSON_HEADERS, "content-length": String(Buffer.byteLength(text)) } });
}

function tooLarge(deps: IntakeDeps): IntakeAnswer {
  deps.logger.warn("whiplash webhook refused: body too large", { limit: deps.maxBytes ?? MAX_WEBHOOK_BYTES });
  return answer(413, { error: "body too large" });
}

// Whiplash customer id -> our customer, cached briefly per database: every webhook names its customer,
// and a burst should not cost a query each (nor its first requests, which arrive together: they share
// one). A customer connected a moment ago is seen within seconds; the worker checks the customer again anyway.
const FOUND_TTL_MS = 30_000;
const MISSING_TTL_MS = 3_000;
const customerCaches = new WeakMap<PrismaClient, SharedLookupCache<number, string | null>>();

async function findCustomer(prisma: PrismaClient, whiplashCustomerId: number): Promise<{ id: string } | null> {
  let cache = customerCaches.get(prisma);
  if (!cache) customerCaches.set(prisma, (cache = new SharedLookupCache((id) => (id ? FOUND_TTL_MS : MISSING_TTL_MS))));
  const id = await cache.get(whiplashCustomerId, () => customerIdByWhiplashId(prisma, whiplashCustomerId));
  return id ? { id } : null;
}

/** The Web form (the Remix route, tests): reads the body once, stopping as soon as it passes the limit. */
export async function handleWhiplashWebhook(request: Request, deps: IntakeDeps): Promise<Response> {
  if (request.method !== "POST") return toResponse(answer(405, { error: "method not allowed" }));
  let raw: Uint8Array;
  try {
    raw = await readLimitedBody(request, deps.maxBytes ?? MAX_WEBHOOK_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLarge) return toResponse(tooLarge(deps));
    throw error;
  }
  return toResponse(await acceptWhiplashWebhook(raw, request.headers.get(WHIPLASH_SIGNATURE_HEADER), deps));
}

/**
 * The node:http form (server.mjs answers POST /webhooks/whiplash with it before express): the raw body
 * straight from the IncomingMessage, the answer written straight to the ServerResponse. Under a webhook
 * burst the Web Request/Response round trip and the express chain cost more CPU than the intake itself.
 */
export async function serveWhiplashWebhook(request: IncomingMessage, response: ServerResponse, deps: IntakeDeps): Promise<void> {
  let result: IntakeAnswer;
  try {
    let raw: Uint8Array | null = null;
    try {
      raw = await readLimitedNodeBody(request, deps.maxBytes ?? MAX_WEBHOOK_BYTES);
    } catch (error) {
      if (error instanceof BodyAborted) return; // nobody left to answer
      if (!(error instanceof BodyTooLarge)) throw error;
    }
    const header = request.headers[WHIPLASH_SIGNATURE_HEADER];
    result = raw ? await acceptWhiplashWebhook(raw, typeof header === "string" ? header : null, deps) : tooLarge(deps);
  } catch (error) {
    deps.logger.error("whiplash webhook failed", { error });
    result = answer(500, { error: "internal error" });
  }
  if (response.headersSent || response.destroyed) return;
  const text = JSON.stringify(result.body);
  response.writeHead(result.status, { ...JSON_HEADERS, "content-length": Buffer.byteLength(text) });
  response.end(text);
}

/**
 * The intake itself, on a body already read within the size limit and the signature header's value:
 * verify, classify, store with its job (one transaction), answer. Both forms above call it.
 */
export async function acceptWhiplashWebhook(raw: Uint8Array, signature: string | null, deps: IntakeDeps): Promise<IntakeAnswer> {
  const now = deps.now ?? (() => new Date());
  const log = deps.logger;

  // Before anything is parsed or stored: unsigned requests leave no trace but a log line.
  if (!verifyWhiplashSignature(raw, signature, deps.secret, deps.clientId)) {
    log.warn("whiplash webhook refused: bad signature", { signaturePresent: signature !== null, bytes: raw.byteLength });
    return answer(401, { error: "invalid signature" });
  }

  const receivedAt = now();
  const store = (topic: string, customerId: string | null, outcome: EventOutcome, detail: string | null) =>
    storeWhiplashEvent(deps.prisma, deps.queue, {
      rawBody: raw,
      topic,
      customerId,
      outcome,
      outcomeDetail: detail,
      enqueue: outcome === "PENDING",
      receivedAt,
    });

  let decoded: unknown;
  try {
    decoded = raw.byteLength === 0 ? undefined : JSON.parse(Buffer.from(raw).toString("utf8"));
  } catch {
    decoded = undefined;
  }
  if (decoded === undefined) {
    const reason = raw.byteLength === 0 ? "empty body" : "malformed JSON";
    // Kept for inspection (outcome INVALID), never applied.
    const stored = await store("invalid", null, "INVALID", reason);
    log.warn("whiplash webhook refused: " + reason, { eventId: stored.eventId, bytes: raw.byteLength });
    return answer(400, { error: reason });
  }

  const parsed = parseWhiplashWebhook(decoded);
  if (parsed.status === "invalid") {
    const stored = await store(parsed.eventName ?? "invalid", null, "INVALID", parsed.reason);
    log.warn("whiplash webhook refused: wrong shape", { eventId: stored.eventId, topic: parsed.eventName, reason: parsed.reason });
    return answer(400, { error: "invalid payload", reason: parsed.reason });
  }

  const customer = parsed.whiplashCustomerId === null ? null : await findCustomer(deps.prisma, parsed.whiplashCustomerId);

  if (parsed.status === "unknown" || !customer) {
    const detail = parsed.status === "unknown" ? "event not used by this app" : `no connected customer ${parsed.whiplashCustomerId}`;
    const stored = await store(parsed.eventName, customer?.id ?? null, "UNUSED", detail);
    log.info("whiplash webhook stored, not used", { eventId: stored.eventId, topic: parsed.eventName, detail, duplicate: stored.duplicate });
    return answer(200, { ok: true, used: false, duplicate: stored.duplicate });
  }

  const stored = await store(parsed.eventName, customer.id, "PENDING", null);
  log.debug("whiplash webhook accepted", {
    eventId: stored.eventId,
    topic: parsed.eventName,
    customer: customer.id,
    duplicate: stored.duplicate,
  });
  return answer(200, { ok: true, duplicate: stored.duplicate });
}

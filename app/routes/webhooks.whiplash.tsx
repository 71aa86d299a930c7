// Whiplash webhooks. Thin on purpose: verify, store, enqueue and answer live in
// app/.server/intake/whiplash-webhook.ts; the worker applies the event later.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { env } from "../.server/env";
import { logger } from "../.server/logger";
import { jobQueue } from "../.server/wiring/app-queue";
import { handleWhiplashWebhook, serveWhiplashWebhook, type IntakeDeps } from "../.server/intake/whiplash-webhook";

const log = logger.child({ route: "webhooks.whiplash" });

function intakeDeps(): IntakeDeps {
  const { WHIPLASH_CLIENT_SECRET, WHIPLASH_CLIENT_ID } = env();
  return { prisma, queue: jobQueue, secret: WHIPLASH_CLIENT_SECRET, clientId: WHIPLASH_CLIENT_ID, logger: log };
}

/**
 * `action.node` is the same intake for server.mjs, which answers POST /webhooks/whiplash with it on node's
 * own request and response, before express and Remix (it finds it in the server build through this
 * route's action; a separate export would end up in the browser bundle). Everything else about the route
 * (the dev server, other methods, a server without the direct path) goes through Remix as usual.
 */
export const action = Object.assign(async ({ request }: ActionFunctionArgs) => handleWhiplashWebhook(request, intakeDeps()), {
  node: async (request: IncomingMessage, response: ServerResponse) => serveWhiplashWebhook(request, response, intakeDeps()),
});

export const loader = () => new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });

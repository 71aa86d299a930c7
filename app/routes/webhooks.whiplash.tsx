// Whiplash webhooks. Thin on purpose: verify, store, enqueue and answer live in
// app/.server/intake/whiplash-webhook.ts; the worker applies the event later.
import type { ActionFunctionArgs } from "@remix-run/node";
import prisma from "../db.server";
import { env } from "../.server/env";
import { logger } from "../.server/logger";
import { jobQueue } from "../.server/wiring/app-queue";
import { handleWhiplashWebhook } from "../.server/intake/whiplash-webhook";

const log = logger.child({ route: "webhooks.whiplash" });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { WHIPLASH_CLIENT_SECRET, WHIPLASH_CLIENT_ID } = env();
  return handleWhiplashWebhook(request, {
    prisma,
    queue: jobQueue,
    secret: WHIPLASH_CLIENT_SECRET,
    clientId: WHIPLASH_CLIENT_ID,
    logger: log,
  });
};

export const loader = () => new Response("Method Not Allowed", { status: 405, headers: { Allow: "POST" } });

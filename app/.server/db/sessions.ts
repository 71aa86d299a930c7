// Shopify sessions (the Session table of @shopify/shopify-app-session-storage-prisma), for the
// lifecycle webhooks. Reading and storing sessions is the session storage's job, not ours.
import type { Db } from "./db-types";

/** Drops every session of the shop (its token was revoked). Returns how many. */
export async function deleteShopSessions(prisma: Db, shop: string): Promise<number> {
  return (await prisma.session.deleteMany({ where: { shop } })).count;
}

/** app/scopes_update: the granted scopes changed. Returns how many sessions were updated. */
export async function setShopSessionsScope(prisma: Db, shop: string, scope: string): Promise<number> {
  return (await prisma.session.updateMany({ where: { shop }, data: { scope } })).count;
}

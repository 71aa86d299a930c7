// shopifyApp's afterAuth hook: runs after every token exchange that created a new offline session
// (first install, reinstall, and whenever an expired session is exchanged again), so it is idempotent.
import type { Session } from "@shopify/shopify-api";
import { platformDeps } from "./deps.server";
import { restoreOnReinstall } from "./uninstall";

export async function afterAuth({ session }: { session: Session }): Promise<void> {
  await restoreOnReinstall(platformDeps(), session.shop);
}

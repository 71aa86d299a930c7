// shopifyApp's afterAuth hook: runs after every token exchange that created a new offline session
// (first install, reinstall, and whenever an expired session is exchanged again), so it is idempotent.
import type { Session } from "@shopify/shopify-api";
import { platformDeps } from "../wiring/deps.server";
import { requestReconciliation } from "../reconcile/reconcile";
import { ensureReconcileSchedule } from "../reconcile/reconcile-schedule";
import { restoreOnReinstall } from "./uninstall";

export async function afterAuth({ session }: { session: Session }): Promise<void> {
  const deps = platformDeps();
  const result = await restoreOnReinstall(deps, session.shop);
  // Pending syncs were dropped at the uninstall and Shopify may have changed meanwhile: compare now.
  if (result === "restored") await requestReconciliation(deps, session.shop, "REINSTALL");
  // Idempotent: creates the daily reconciliation schedule if no worker has yet.
  await ensureReconcileSchedule(deps.queue, deps.now());
}

// The demo's own database. Both simulators keep their state in memory, so a restarted demo meets a
// Whiplash with no tokens, no webhook subscriptions and seed stock, and a Shopify with seed levels. An
// app database that survived would still say "Connected" while nothing it holds is true any more
// (issue 12, item 4). So the demo starts clean on both sides: this file is deleted at every start, and
// it is not DATABASE_URL, so `npm run demo` never erases the database `npm run setup` / a real store uses.
import { rmSync } from "node:fs";
import path from "node:path";

export const DEMO_DATABASE_FILE = "prisma/demo.sqlite";

/** Deletes the demo database (and its WAL files); returns the DATABASE_URL for the fresh one. */
export function freshDemoDatabase(root: string): string {
  const file = path.join(root, DEMO_DATABASE_FILE);
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
  return `file:${file}`;
}

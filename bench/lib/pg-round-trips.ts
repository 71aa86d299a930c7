// Counts the statements this process sends to PostgreSQL (every pg client query: the writer store's own
// and Prisma's through adapter-pg), so a result line can show round trips per batch.
import pg from "pg";

let count = 0;
let installed = false;

/** Starts counting (once per process); returns a reader of the count so far. */
export function countPgQueries(): () => number {
  if (!installed) {
    installed = true;
    const original = pg.Client.prototype.query;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      count++;
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof original;
  }
  return () => count;
}

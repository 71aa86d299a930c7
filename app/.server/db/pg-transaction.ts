// One transaction on a connection checked out of a pg pool, safe when the server ends the connection.
//
// While a client is checked out, pg-pool takes its own "error" listener off it. If PostgreSQL then ends
// the connection (a restart, a failover, pg_terminate_backend), the client fails its running query AND
// emits "error"; with no listener Node throws that event and the whole app or worker dies. (pool.query()
// is safe: it listens for the checkout's duration.) Seen in CI: the worker of
// tests/lifecycle/health-postgres.test.ts died with "Connection terminated unexpectedly" when the
// database stopped under it.
import type pg from "pg";

export type PgQuery = (text: string, values?: unknown[]) => Promise<pg.QueryResult>;

/** Runs `work` between BEGIN and COMMIT (ROLLBACK if it throws) on one pooled connection. */
export async function pgTransaction<R>(pool: pg.Pool, work: (query: PgQuery) => Promise<R>): Promise<R> {
  const client = await pool.connect();
  let lost: Error | undefined;
  // The running query rejects on its own; this only keeps the event from killing the process and
  // remembers that the connection is gone, so it is destroyed rather than returned to the pool.
  const onError = (error: Error) => {
    lost = error;
  };
  client.on("error", onError);
  const query: PgQuery = (text, values) => client.query(text, values);
  try {
    await query("BEGIN");
    const result = await work(query);
    await query("COMMIT");
    return result;
  } catch (error) {
    if (!lost) await query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.removeListener("error", onError);
    client.release(lost);
  }
}

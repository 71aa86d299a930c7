// Ends one PostgreSQL server process as soon as it is inside pg_sleep: how a test makes the server drop a
// connection in the middle of a transaction (as a restart, a failover or pg_terminate_backend would).
import { withPostgresAdmin } from "./test-db";

export function terminateWhenSleeping(pid: number): Promise<void> {
  return withPostgresAdmin(process.env.TEST_POSTGRES_URL!, async (c) => {
    for (let i = 0; i < 100; i++) {
      const { rows } = await c.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND query LIKE '%pg_sleep%'`, [pid]);
      if (rows.length > 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await c.query(`SELECT pg_terminate_backend($1)`, [pid]);
  });
}

// better-sqlite3 gives a process ONE connection. Prisma's adapter (6.19) opens an interactive or batch
// transaction with a plain BEGIN on it and keeps running every other caller's queries on the same
// connection meanwhile: they land inside the open transaction, and its rollback (a thrown error, a
// foreign-key failure, Prisma's timeout) silently undoes writes whose callers were told they committed
// (tests/storage/sqlite-lost-write.test.ts). This wrapper makes a transaction own the connection: while
// a transaction is open, queries from outside it wait at a gate until it commits or rolls back, so a
// rollback can only ever undo the transaction's own writes.
// Transactions still start with a deferred BEGIN. BEGIN IMMEDIATE (take the write lock up front) would
// spare a transaction that reads and then writes the SQLITE_BUSY it gets when the other process committed
// in between, but it holds the file's write lock across every await of an interactive transaction: it
// halved webhook intake (bench intake --quick: 130 instead of 330 events/s, with the worker applying
// events meanwhile). That SQLITE_BUSY now fails only its own transaction, loudly, and its job retries.
// A query sent to the top-level client from inside a transaction callback would wait for that same
// transaction: Prisma's transaction timeout then fails it loudly instead of mixing the two silently.
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/** A first-come, first-served lock on the process's connection. */
export class ConnectionGate {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with a release function once every earlier holder has released. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const turn = this.tail.then(() => release);
    this.tail = this.tail.then(() => released);
    return turn;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/** `gate` is shared with direct work on the same connection (create-prisma-client.ts, sqliteConnection). */
export function exclusiveTransactions(inner: Adapter, gate = new ConnectionGate()): Adapter {
  return {
    provider: inner.provider,
    adapterName: inner.adapterName,
    queryRaw: (query) => gate.run(() => inner.queryRaw(query)),
    executeRaw: (query) => gate.run(() => inner.executeRaw(query)),
    executeScript: (script) => gate.run(() => inner.executeScript(script)),
    getConnectionInfo: inner.getConnectionInfo?.bind(inner),
    dispose: () => inner.dispose(),
    async startTransaction(isolationLevel) {
      if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
        // Same answer as the stock adapter: SQLite transactions are serializable, nothing else exists.
        throw new Error(`SQLite supports only SERIALIZABLE transactions, not ${isolationLevel}`);
      }
      const release = await gate.acquire();
      try {
        await inner.executeScript("BEGIN");
      } catch (error) {
        release();
        throw error;
      }
      // Prisma sends COMMIT / ROLLBACK itself through executeRaw (usePhantomQuery: false), then calls
      // commit() / rollback(), which only have to hand the connection back.
      let open = true;
      const close = async () => {
        if (open) release();
        open = false;
      };
      const transaction: Transaction = {
        provider: inner.provider,
        adapterName: inner.adapterName,
        options: { usePhantomQuery: false },
        queryRaw: (query) => inner.queryRaw(query),
        executeRaw: (query) => inner.executeRaw(query),
        commit: close,
        rollback: close,
      };
      return transaction;
    },
  };
}

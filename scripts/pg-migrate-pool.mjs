// Work-arounds for `prisma migrate deploy` through @prisma/adapter-pg 6.19. Only the CLI uses them
// (prisma.config.ts); the runtime client needs neither.
// 1. MigratePool (prisma/orm#27403): the wasm schema engine reads PostgreSQL catalog columns of type
//    `name` (oid 19), which adapter-pg 6.x cannot map ("Column type 'name' could not be deserialized").
//    The pool reports those columns as text (oid 25); the values are plain strings either way.
// 2. MigratePg: adapter-pg's executeScript, which applies each migration file, splits the file on every
//    ";" and runs the pieces one at a time, outside any transaction. A ";" in a comment, a string literal
//    or a function body then fails the migration with a syntax error after the statements before it were
//    applied. MigratePg sends the file whole, as one simple query: PostgreSQL splits it itself and runs it
//    as one implicit transaction (all or nothing), as Prisma's native engine did.
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

const NAME_OID = 19;
const TEXT_OID = 25;

function patchResult(result) {
  for (const field of result?.fields ?? []) if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
  return result;
}

function patchQuery(target) {
  const query = target.query.bind(target);
  target.query = (...args) => {
    const callback = typeof args.at(-1) === "function" ? args.pop() : null;
    if (callback) return query(...args, (err, result) => callback(err, err ? result : patchResult(result)));
    const pending = query(...args);
    return typeof pending?.then === "function" ? pending.then(patchResult) : pending;
  };
  return target;
}

export class MigratePool extends pg.Pool {
  constructor(config) {
    super(config);
    patchQuery(this);
    const connect = this.connect.bind(this);
    this.connect = (callback) => {
      if (callback) return connect((err, client, release) => callback(err, client && patchClient(client), release));
      return connect().then(patchClient);
    };
  }
}

const patched = new WeakSet();
function patchClient(client) {
  if (!patched.has(client)) {
    patchQuery(client);
    patched.add(client);
  }
  return client;
}

/** The adapter with executeScript sending the whole script in one query (its errors mapped as adapter-pg maps them). */
export function wholeScripts(adapter) {
  const pool = adapter.underlyingDriver();
  adapter.executeScript = async (script) => {
    try {
      await pool.query(script);
    } catch (error) {
      adapter.onError(error);
    }
  };
  return adapter;
}

export class MigratePg extends PrismaPg {
  async connect() {
    return wholeScripts(await super.connect());
  }

  async connectToShadowDb() {
    return wholeScripts(await super.connectToShadowDb());
  }
}

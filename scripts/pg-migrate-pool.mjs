// Work-around for `prisma migrate deploy` through @prisma/adapter-pg 6.19 (prisma/orm#27403): the wasm
// schema engine reads PostgreSQL catalog columns of type `name` (oid 19), which adapter-pg 6.x cannot
// map ("Column type 'name' could not be deserialized"). This pool reports those columns as text (oid 25);
// the values are plain strings either way. Only the CLI uses it; the runtime client needs no shim.
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

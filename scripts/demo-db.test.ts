// `npm run demo` starts clean on both sides: the simulators are in memory, so the app's demo database is
// recreated at every start (a surviving one claimed "Connected" with no Whiplash subscriptions behind it).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEMO_DATABASE_FILE, freshDemoDatabase } from "./demo-db";
import { LOCAL_DEFAULTS } from "../simulators/shared/local-defaults";

describe("the demo database", () => {
  it("is deleted with its WAL files at every start, and is not the DATABASE_URL of setup / a real store", () => {
    const root = path.resolve(`tmp/test/demo-${randomUUID()}`);
    const file = path.join(root, DEMO_DATABASE_FILE);
    mkdirSync(path.dirname(file), { recursive: true });
    for (const suffix of ["", "-wal", "-shm"]) writeFileSync(file + suffix, "state of the previous run");
    expect(freshDemoDatabase(root)).toBe(`file:${file}`);
    for (const suffix of ["", "-wal", "-shm"]) expect(existsSync(file + suffix)).toBe(false);
    expect(`file:./${DEMO_DATABASE_FILE}`).not.toBe(LOCAL_DEFAULTS.DATABASE_URL);
  });
});

// One schema source: the PostgreSQL schema is derived from prisma/schema.prisma, and the committed
// postgres migrations must produce exactly that schema.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { postgresSchemaText } from "../../scripts/postgres-schema.mjs";
import { pendingPostgresDiff } from "../../scripts/prisma-postgres.mjs";
import { testBackend } from "../support/test-db";

describe("postgres schema derived from prisma/schema.prisma", () => {
  const sqlite = readFileSync("prisma/schema.prisma", "utf8");
  const postgres = postgresSchemaText(sqlite);

  it("swaps only the datasource provider and the client output", () => {
    expect(postgres).toContain('provider = "postgresql"');
    expect(postgres).not.toContain('provider = "sqlite"');
    expect(postgres).toContain('output = "./client"');
    const models = (text: string) => text.slice(text.indexOf("model "));
    expect(models(postgres)).toBe(models(sqlite));
  });

  it("refuses a schema without a sqlite datasource (nothing silently left unswapped)", () => {
    expect(() => postgresSchemaText('datasource db {\n  provider = "mysql"\n}\n')).toThrow(/sqlite/);
  });
});

// migrate diff needs a PostgreSQL server, so this runs in the postgres leg of the matrix only.
describe.skipIf(testBackend() !== "postgres")("postgres migrations", () => {
  it("are in sync with prisma/schema.prisma (nothing left to diff)", () => {
    expect(pendingPostgresDiff()).toBe("");
  });
});

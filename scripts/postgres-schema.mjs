// Derives the PostgreSQL schema from prisma/schema.prisma: the datasource provider is swapped and the
// client is generated into its own folder. Nothing else differs, so the two can never drift apart.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { postgresSchemaPath } from "./prisma-env.mjs";

export function postgresSchemaText(sqliteSchema) {
  const swapped = sqliteSchema.replace(
    /(datasource\s+db\s*\{[^}]*provider\s*=\s*)"sqlite"/,
    '$1"postgresql"',
  );
  if (swapped === sqliteSchema) throw new Error('prisma/schema.prisma: no `provider = "sqlite"` datasource to swap');
  // Output relative to the generated schema file (prisma/postgres/), i.e. prisma/postgres/client.
  const withOutput = swapped.replace(/(generator\s+client\s*\{)/, '$1\n  output = "./client"');
  return `// GENERATED from prisma/schema.prisma by scripts/postgres-schema.mjs: do not edit.\n${withOutput}`;
}

export function writePostgresSchema(source = "prisma/schema.prisma", target = postgresSchemaPath) {
  mkdirSync(path.dirname(target), { recursive: true });
  writeFileSync(target, postgresSchemaText(readFileSync(source, "utf8")));
  return target;
}

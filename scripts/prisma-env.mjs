// The environment every Prisma CLI call needs on an offline machine (DESIGN.md section 8).
export const prismaCliEnv = {
  PRISMA_QUERY_ENGINE_LIBRARY: "/dev/null",
  PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
export const defaultDatabaseUrl = "file:./prisma/dev.sqlite";

// PostgreSQL beside the SQLite default (DESIGN.md section 8). prisma/schema.prisma stays the one source
// of truth; scripts/prisma-postgres.mjs derives the postgres schema (git-ignored) from it, generates its
// client into prisma/postgres/client (git-ignored, so the shared @prisma/client stays the SQLite one) and
// keeps the postgres migrations in their own folder.
export const postgresSchemaPath = "prisma/postgres/schema.prisma";
export const postgresClientDir = "prisma/postgres/client";
export const postgresMigrationsDir = "prisma/migrations-postgres";

export function isPostgresUrl(url) {
  return /^postgres(ql)?:\/\//i.test(url ?? "");
}

// The environment every Prisma CLI call needs on an offline machine (DESIGN.md section 8).
export const prismaCliEnv = {
  PRISMA_QUERY_ENGINE_LIBRARY: "/dev/null",
  PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false",
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
export const defaultDatabaseUrl = "file:./prisma/dev.sqlite";

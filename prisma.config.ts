// Prisma CLI configuration. The CLI runs through the JS driver adapter (no native engines to download):
// see scripts/prisma.mjs, which sets the env vars that stop the CLI from fetching engine binaries.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  async adapter() {
    return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite" });
  },
});

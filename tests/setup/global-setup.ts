// Runs once before the test files: applies the committed migrations to a template database that
// each test file copies (see tests/support/test-db.ts), so every file starts from a clean schema.
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";

// Per run (pid): several test runs at once in one checkout must not delete each other's template.
export const TEMPLATE_DB = path.resolve(`tmp/test/template-${process.pid}.sqlite`);

export default function setup() {
  mkdirSync(path.dirname(TEMPLATE_DB), { recursive: true });
  rmSync(TEMPLATE_DB, { force: true });
  execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${TEMPLATE_DB}` },
    stdio: "pipe",
  });
  process.env.TEST_TEMPLATE_DB = TEMPLATE_DB;
  return () => rmSync(TEMPLATE_DB, { force: true });
}

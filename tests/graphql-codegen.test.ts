// The committed Admin API types (app/types/admin.*.d.ts) must be what `npm run graphql-codegen` makes from
// the documents in app/.server/shopify/: a document changed without regenerating fails here, in CI.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const SCRIPT = path.resolve("scripts/graphql-codegen.mjs");

function check(cwd: string) {
  const result = spawnSync(process.execPath, [SCRIPT, "--check"], { cwd, encoding: "utf8", timeout: 240_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("generated GraphQL types", () => {
  const copy = path.resolve(`tmp/codegen-${randomUUID()}`);
  afterAll(() => rmSync(copy, { recursive: true, force: true }));

  it("are in sync with the documents", () => {
    const { status, output } = check(process.cwd());
    expect(status, output).toBe(0);
  }, 300_000);

  it("are reported stale when a document changes without them", () => {
    // A copy of the config, the documents and the committed types, with one field added to one document.
    mkdirSync(path.join(copy, "app/types"), { recursive: true });
    cpSync(".graphqlrc.ts", path.join(copy, ".graphqlrc.ts"));
    cpSync("app/.server/shopify", path.join(copy, "app/.server/shopify"), { recursive: true });
    for (const file of ["admin.types.d.ts", "admin.generated.d.ts"]) cpSync(`app/types/${file}`, path.join(copy, "app/types", file));
    const doc = path.join(copy, "app/.server/shopify/operations/shop-overview.ts");
    writeFileSync(doc, readFileSync(doc, "utf8").replace("myshopifyDomain\n", "myshopifyDomain\n      email\n"));

    const { status, output } = check(copy);
    expect(status, output).toBe(1);
    expect(output).toMatch(/stale files were detected:\s*- \S*admin\.generated\.d\.ts/);
  }, 300_000);
});

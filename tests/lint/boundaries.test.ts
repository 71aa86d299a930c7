// The layer rules in eslint.config.js, exercised the way `npm run lint` runs them: ESLint's Node API on
// small sources placed at real paths of the tree (the files need not exist; their imports must, since
// the rule resolves each import to a file, the `~/` alias included).
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const BOUNDARY_RULES = new Set(["import-x/no-restricted-paths", "no-restricted-imports"]);

let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The boundary errors ESLint reports for `source` placed at `file` (relative to the repo root). */
async function boundaryErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId !== null && BOUNDARY_RULES.has(m.ruleId)).map((m) => m.message);
}

describe("layer import rules", () => {
  it("keeps Prisma, Remix and React out of the domain core", async () => {
    for (const pkg of ["@prisma/client", "@remix-run/node", "react"]) {
      const errors = await boundaryErrors("app/domain/wrong-way.ts", `import "${pkg}";\n`);
      expect(errors, pkg).toHaveLength(1);
      expect(errors[0]).toContain("app/domain is the pure rules core");
    }
  });

  it("keeps the server out of the domain core, written relative or through the ~/ alias", async () => {
    for (const specifier of ["../.server/db/items", "~/.server/db/items", "~/routes/app.tsx", "~/components/format"]) {
      const errors = await boundaryErrors("app/domain/wrong-way.ts", `import "${specifier}";\n`);
      expect(errors, specifier).toHaveLength(1);
      expect(errors[0]).toContain("app/domain is the pure rules core");
    }
  });

  it("keeps the Shopify and Whiplash adapters away from the database, jobs and sync", async () => {
    const cases: [string, string][] = [
      ["app/.server/shopify/wrong-way.ts", "../db/items"],
      ["app/.server/shopify/wrong-way.ts", "../../db.server"],
      ["app/.server/shopify/wrong-way.ts", "../sync/kick-writer"],
      ["app/.server/whiplash/wrong-way.ts", "../jobs/registry"],
    ];
    for (const [file, specifier] of cases) {
      const errors = await boundaryErrors(file, `import "${specifier}";\n`);
      expect(errors, `${file} -> ${specifier}`).toHaveLength(1);
      expect(errors[0]).toContain("adapters only talk to their API");
    }
  });

  it("keeps the repositories and the queue machinery below the features", async () => {
    expect(await boundaryErrors("app/.server/db/wrong-way.ts", `import "../jobs/registry";\n`)).toEqual([
      expect.stringContaining("app/.server/db holds the repositories"),
    ]);
    expect(await boundaryErrors("app/.server/jobs/wrong-way.ts", `import "../sync/kick-writer";\n`)).toEqual([
      expect.stringContaining("app/.server/jobs is queue machinery"),
    ]);
    expect(await boundaryErrors("app/.server/sync/writer/wrong-way.ts", `import "../../reconcile/drift";\n`)).toEqual([
      expect.stringContaining("app/.server/sync (fan-out and the shop writer) is called by the features"),
    ]);
    expect(await boundaryErrors("app/.server/views/wrong-way.ts", `import "../commands/sync-items";\n`)).toEqual([
      expect.stringContaining("Views are read models"),
    ]);
  });

  it("keeps tests/, scripts/, bench/ and simulators/ out of app/", async () => {
    for (const specifier of ["../../../tests/support/manual-clock", "../../../scripts/config", "../../../simulators/shared/prng"]) {
      const errors = await boundaryErrors("app/.server/views/wrong-way.ts", `import "${specifier}";\n`);
      expect(errors, specifier).toHaveLength(1);
      expect(errors[0]).toContain("Code under app/ ships");
    }
  });

  it("lets a co-located test file use the test doubles in tests/support, and nothing else of tests/", async () => {
    expect(await boundaryErrors("app/.server/shopify/clean.test.ts", `import "../../../tests/support/manual-clock";\n`)).toEqual([]);
    expect(await boundaryErrors("app/.server/shopify/wrong-way.test.ts", `import "../../../tests/setup/global-setup";\n`)).toEqual([
      expect.stringContaining("it never imports tests/"),
    ]);
  });

  it("keeps UI components and routes out of server code", async () => {
    for (const [file, specifier] of [
      ["app/.server/views/wrong-way.ts", "../../components/format"],
      ["app/.server/views/wrong-way.ts", "~/routes/app.tsx"],
      ["app/shopify.server.ts", "./components/format"],
    ]) {
      const errors = await boundaryErrors(file, `import "${specifier}";\n`);
      expect(errors, `${file} -> ${specifier}`).toHaveLength(1);
      expect(errors[0]).toContain("Server code does not import UI components or routes");
    }
  });

  it("lets an admin extension import only app/shared and its own code", async () => {
    const file = "extensions/inventory-sync-block/src/wrong-way.ts";
    for (const specifier of ["../../../app/.server/logger", "../../../app/domain/types", "../../inventory-sync-action/src/bulk"]) {
      const errors = await boundaryErrors(file, `import "${specifier}";\n`);
      expect(errors, specifier).toHaveLength(1);
      expect(errors[0]).toContain("An admin extension is bundled on its own");
    }
    expect(await boundaryErrors(file, `import "../../../app/shared/extension-contract";\nimport "./view-model";\n`)).toEqual([]);
  });

  it("keeps server code out of UI components", async () => {
    expect(await boundaryErrors("app/components/WrongWay.tsx", `import "~/.server/views/home";\n`)).toEqual([
      expect.stringContaining("UI components render what routes hand them"),
    ]);
  });

  it("keeps app/shared free of server and UI code", async () => {
    for (const specifier of ["../.server/logger", "@prisma/client", "node:fs"]) {
      const errors = await boundaryErrors("app/shared/wrong-way.ts", `import "${specifier}";\n`);
      expect(errors, specifier).toHaveLength(1);
      expect(errors[0]).toContain("app/shared is bundled into the browser");
    }
    expect(await boundaryErrors("app/shared/clean.ts", `import "../domain/types";\n`)).toEqual([]);
  });

  it("keeps the simulators from importing scripts/ and bench/ from importing tests/ beyond tests/support", async () => {
    expect(await boundaryErrors("simulators/shopify/wrong-way.ts", `import "../../scripts/config";\n`)).toEqual([
      expect.stringContaining("The simulators stand in for Shopify and Whiplash"),
    ]);
    expect(await boundaryErrors("bench/lib/wrong-way.ts", `import "../../tests/setup/global-setup";\n`)).toEqual([
      expect.stringContaining("Benchmarks drive the same test doubles and fixtures"),
    ]);
    expect(await boundaryErrors("bench/lib/clean.ts", `import "../../tests/support/writer-world";\n`)).toEqual([]);
  });

  it("reports nothing for imports that go the right way", async () => {
    const cases: [string, string][] = [
      ["app/domain/clean.ts", `import "./types";\nimport "vitest";\n`],
      ["app/.server/views/clean.ts", `import "../db/items";\nimport "~/domain/types";\nimport "~/shared/item-filters";\n`],
      ["app/routes/clean.tsx", `import "~/components/format";\nimport "~/.server/views/home";\nimport "@remix-run/node";\n`],
      ["scripts/clean.ts", `import "../app/.server/load-dotenv.mjs";\nimport "../simulators/shared/local-defaults";\n`],
    ];
    for (const [file, source] of cases) expect(await boundaryErrors(file, source), file).toEqual([]);
  });
});

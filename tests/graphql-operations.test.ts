// Every GraphQL document the app sends lives in app/.server/shopify/operations/*.ts as an exported
// string constant; each must validate against Shopify's 2026-07 Admin schema.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateOperation } from "./support/admin-schema";

const DIR = path.resolve("app/.server/shopify/operations");
const files = readdirSync(DIR).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));

describe("Admin GraphQL operations validate against the 2026-07 schema", () => {
  it("finds the operations folder", () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    it(file, async () => {
      const mod = (await import(path.join(DIR, file))) as Record<string, unknown>;
      const documents = Object.entries(mod).filter(
        ([, v]) => typeof v === "string" && /\b(query|mutation)\b/.test(v) && v.includes("{"),
      ) as [string, string][];
      expect(documents.length, `${file} exports no GraphQL document`).toBeGreaterThan(0);
      for (const [name, doc] of documents) {
        const errors = validateOperation(doc).map((e) => e.message);
        expect(errors, `${file} ${name}`).toEqual([]);
      }
    });
  }
});

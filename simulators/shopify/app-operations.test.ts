// Every GraphQL document the app sends (app/.server/shopify/operations) must also be accepted by
// the simulator, or the app would only fail here and not against Shopify. Bulk queries must also pass
// the simulator's bulk rules.
import { readdirSync } from "node:fs";
import path from "node:path";
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { checkBulkQuery } from "./resolvers/bulk";
import { buildExecutableSchema } from "./schema";

const DIR = path.resolve("app/.server/shopify/operations");
const files = readdirSync(DIR).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
const schema = buildExecutableSchema();

describe("the app's Admin GraphQL operations run on the simulator", () => {
  for (const file of files) {
    it(file, async () => {
      const mod = (await import(path.join(DIR, file))) as Record<string, unknown>;
      for (const [name, doc] of Object.entries(mod)) {
        if (typeof doc !== "string" || !/\b(query|mutation)\b/.test(doc) || !doc.includes("{")) continue;
        expect(validate(schema, parse(doc)).map((e) => e.message), `${file} ${name}`).toEqual([]);
        if (/BULK_QUERY/.test(name)) expect(checkBulkQuery(schema, doc), `${file} ${name}`).not.toHaveProperty("error");
      }
    });
  }
});

// Every GraphQL document the app sends lives in app/.server/shopify/operations/*.ts as an exported
// string constant; each must validate against Shopify's 2026-07 Admin schema.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { Kind, parse, type OperationDefinitionNode } from "graphql";
import { getVariableValues } from "graphql/execution/values";
import { loadAdminSchema, validateOperation } from "./support/admin-schema";
import { INVENTORY_SET_QUANTITIES_MUTATION } from "../app/.server/shopify/operations/inventory-set-quantities";
import { INVENTORY_LEVEL_READ_QUERY } from "../app/.server/shopify/operations/inventory-level-read";
import { setQuantitiesInput } from "../app/.server/sync/writer/inventory-input";

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

// The documents validate above; the variables the app builds must fit them too. The compare-and-swap write
// (rule 3.9) sends changeFromQuantity as the last known level, or an explicit null only for a first write.
describe("the variables the app sends fit the 2026-07 schema", () => {
  function variableErrors(doc: string, variables: Record<string, unknown>): string[] {
    const operation = parse(doc).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const result = getVariableValues(loadAdminSchema(), operation.variableDefinitions ?? [], variables);
    return "errors" in result && result.errors ? result.errors.map((e) => e.message) : [];
  }

  it("inventorySetQuantities with changeFromQuantity (compare-and-swap) and with an explicit null", () => {
    const input = setQuantitiesInput("run-1", [
      { inventoryItemId: "gid://shopify/InventoryItem/1", locationId: "gid://shopify/Location/1", quantity: 13, before: 8 },
      { inventoryItemId: "gid://shopify/InventoryItem/2", locationId: "gid://shopify/Location/1", quantity: 4, before: null },
    ]);
    expect(input.quantities.map((q) => q.changeFromQuantity)).toEqual([8, null]);
    expect(variableErrors(INVENTORY_SET_QUANTITIES_MUTATION, { input, key: "k-1" })).toEqual([]);
    // The check has teeth: a misspelt field is refused.
    expect(variableErrors(INVENTORY_SET_QUANTITIES_MUTATION, { input: { ...input, quantities: [{ ...input.quantities[0], compareQuantity: 8 }] }, key: "k" })).not.toEqual([]);
  });

  it("the level re-read after CHANGE_FROM_QUANTITY_STALE", () => {
    expect(variableErrors(INVENTORY_LEVEL_READ_QUERY, { inventoryItemId: "gid://shopify/InventoryItem/1", locationId: "gid://shopify/Location/1" })).toEqual([]);
  });
});

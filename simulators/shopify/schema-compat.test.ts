// Every type, field, argument, enum value, input field and directive of the simulator's SDL must exist
// in Shopify's Admin schema 2026-07 with the same type, so code that works against the simulator
// sends documents Shopify accepts (and reads the shapes Shopify returns).
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isRequiredArgument,
  isRequiredInputField,
  isScalarType,
  isSpecifiedDirective,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from "graphql";
import { describe, expect, it } from "vitest";
import { loadAdminSchema } from "../../tests/support/admin-schema";
import { ADMIN_SDL } from "./schema.graphql";

function compareArgs(where: string, ours: readonly GraphQLArgument[], theirs: readonly GraphQLArgument[], diffs: string[]) {
  for (const arg of ours) {
    const real = theirs.find((a) => a.name === arg.name);
    if (!real) {
      diffs.push(`${where}(${arg.name}): argument not in Shopify's schema`);
      continue;
    }
    if (String(arg.type) !== String(real.type)) diffs.push(`${where}(${arg.name}): type ${arg.type}, Shopify has ${real.type}`);
    if (JSON.stringify(arg.defaultValue) !== JSON.stringify(real.defaultValue)) {
      diffs.push(`${where}(${arg.name}): default ${JSON.stringify(arg.defaultValue)}, Shopify has ${JSON.stringify(real.defaultValue)}`);
    }
  }
  // An argument Shopify requires but we lack would let the simulator accept documents Shopify rejects.
  for (const real of theirs) {
    if (isRequiredArgument(real) && !ours.some((a) => a.name === real.name)) diffs.push(`${where}(${real.name}): required by Shopify, missing here`);
  }
}

function compareFields(
  typeName: string,
  ours: Record<string, GraphQLField<unknown, unknown>>,
  theirs: Record<string, GraphQLField<unknown, unknown>>,
  diffs: string[],
) {
  for (const field of Object.values(ours)) {
    const real = theirs[field.name];
    const where = `${typeName}.${field.name}`;
    if (!real) {
      diffs.push(`${where}: field not in Shopify's schema`);
      continue;
    }
    if (String(field.type) !== String(real.type)) diffs.push(`${where}: type ${field.type}, Shopify has ${real.type}`);
    if (Boolean(field.deprecationReason) !== Boolean(real.deprecationReason)) diffs.push(`${where}: deprecation differs`);
    compareArgs(where, field.args, real.args, diffs);
  }
}

function compareType(type: GraphQLNamedType, shopify: GraphQLSchema, diffs: string[]) {
  const real = shopify.getType(type.name);
  if (!real) {
    diffs.push(`${type.name}: type not in Shopify's schema`);
    return;
  }
  if (real.constructor !== type.constructor) {
    diffs.push(`${type.name}: kind ${type.constructor.name}, Shopify has ${real.constructor.name}`);
    return;
  }
  if ((isObjectType(type) && isObjectType(real)) || (isInterfaceType(type) && isInterfaceType(real))) {
    compareFields(type.name, type.getFields(), real.getFields(), diffs);
    const realInterfaces = real.getInterfaces().map((i) => i.name);
    for (const iface of type.getInterfaces()) {
      if (!realInterfaces.includes(iface.name)) diffs.push(`${type.name}: implements ${iface.name}, Shopify's does not`);
    }
  } else if (isInputObjectType(type) && isInputObjectType(real)) {
    const realFields = real.getFields();
    for (const field of Object.values(type.getFields())) {
      const r = realFields[field.name];
      if (!r) diffs.push(`${type.name}.${field.name}: input field not in Shopify's schema`);
      else if (String(field.type) !== String(r.type)) diffs.push(`${type.name}.${field.name}: type ${field.type}, Shopify has ${r.type}`);
      else if (JSON.stringify(field.defaultValue) !== JSON.stringify(r.defaultValue)) diffs.push(`${type.name}.${field.name}: default differs`);
    }
    for (const r of Object.values(realFields)) {
      if (isRequiredInputField(r) && !type.getFields()[r.name]) diffs.push(`${type.name}.${r.name}: required by Shopify, missing here`);
    }
  } else if (isEnumType(type) && isEnumType(real)) {
    const realValues = real.getValues().map((v) => v.name);
    for (const value of type.getValues()) {
      if (!realValues.includes(value.name)) diffs.push(`${type.name}.${value.name}: enum value not in Shopify's schema`);
    }
  } else if (isUnionType(type) && isUnionType(real)) {
    const members = real.getTypes().map((t) => t.name);
    for (const member of type.getTypes()) if (!members.includes(member.name)) diffs.push(`${type.name}: member ${member.name} not in Shopify's union`);
  } else if (!isScalarType(type)) {
    diffs.push(`${type.name}: unexpected kind`);
  }
}

describe("simulator SDL vs Shopify Admin API 2026-07", () => {
  const shopify = loadAdminSchema();
  const ours = buildSchema(ADMIN_SDL);

  it("defines only types, fields, arguments and values that Shopify has, with the same types", () => {
    const diffs: string[] = [];
    for (const type of Object.values(ours.getTypeMap())) {
      if (type.name.startsWith("__")) continue;
      compareType(type, shopify, diffs);
    }
    if (diffs.length) console.log(`Simulator SDL differs from Shopify's schema:\n  ${diffs.join("\n  ")}`);
    expect(diffs).toEqual([]);
  });

  it("uses Shopify's root type names and directive signatures", () => {
    expect(ours.getQueryType()?.name).toBe(shopify.getQueryType()?.name);
    expect(ours.getMutationType()?.name).toBe(shopify.getMutationType()?.name);
    for (const directive of ours.getDirectives().filter((d) => !isSpecifiedDirective(d))) {
      const real = shopify.getDirective(directive.name);
      expect(real, `@${directive.name}`).toBeDefined();
      expect(directive.locations).toEqual(real!.locations);
      expect(directive.args.map((a) => `${a.name}: ${a.type}`)).toEqual(real!.args.map((a) => `${a.name}: ${a.type}`));
    }
  });

  it("covers what the app reads and writes", () => {
    const query = ours.getQueryType()!.getFields();
    for (const name of ["shop", "locations", "products", "productVariants", "inventoryItem", "inventoryItems", "productSavedSearches", "nodes", "currentBulkOperation"]) {
      expect(query[name], name).toBeDefined();
    }
    const mutation = ours.getMutationType()!.getFields();
    for (const name of ["inventorySetQuantities", "inventoryActivate", "bulkOperationRunQuery"]) expect(mutation[name], name).toBeDefined();
    expect(getNamedType(mutation.inventorySetQuantities.type).name).toBe("InventorySetQuantitiesPayload");
  });
});

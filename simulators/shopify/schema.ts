// Builds the executable schema: the SDL plus resolvers, with every composite-returning field wrapped
// to count the actual query cost of what it returns.
import {
  buildSchema,
  defaultFieldResolver,
  getNamedType,
  isInterfaceType,
  isLeafType,
  isObjectType,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from "graphql";
import { ADMIN_SDL } from "./schema.graphql";
import { bulkOperationCancel, bulkOperationRunQuery } from "./resolvers/bulk";
import type { GqlContext } from "./resolvers/context";
import { inventoryActivate } from "./resolvers/inventory-activate";
import { inventorySetQuantities } from "./resolvers/inventory-set-quantities";
import { QueryRoot } from "./resolvers/query";
import * as types from "./resolvers/types";

type AnyResolver = GraphQLFieldResolver<unknown, GqlContext, Record<string, unknown>>;

const RESOLVERS: Record<string, Record<string, AnyResolver>> = {
  QueryRoot: QueryRoot as unknown as Record<string, AnyResolver>,
  Mutation: { inventorySetQuantities, inventoryActivate, bulkOperationRunQuery, bulkOperationCancel } as unknown as Record<string, AnyResolver>,
  Shop: types.Shop as Record<string, AnyResolver>,
  Location: types.Location as Record<string, AnyResolver>,
  Product: types.Product as Record<string, AnyResolver>,
  ProductVariant: types.ProductVariant as Record<string, AnyResolver>,
  InventoryItem: types.InventoryItem as Record<string, AnyResolver>,
  InventoryLevel: types.InventoryLevel as Record<string, AnyResolver>,
  SavedSearch: types.SavedSearch as Record<string, AnyResolver>,
  BulkOperation: types.BulkOperation as Record<string, AnyResolver>,
  InventoryAdjustmentGroup: types.InventoryAdjustmentGroup as Record<string, AnyResolver>,
};

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return Boolean(value && typeof (value as PromiseLike<unknown>).then === "function");
}

export function buildExecutableSchema(): GraphQLSchema {
  const schema = buildSchema(ADMIN_SDL);
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__")) continue;
    if (isInterfaceType(type)) {
      type.resolveType = (value) => (value as { __typename?: string }).__typename;
      continue;
    }
    if (!isObjectType(type)) continue;
    const resolvers = RESOLVERS[type.name] ?? {};
    for (const field of Object.values(type.getFields())) {
      const resolve = resolvers[field.name] ?? field.resolve ?? (defaultFieldResolver as AnyResolver);
      const returnType = getNamedType(field.type);
      if (isLeafType(returnType)) {
        field.resolve = resolve;
        continue;
      }
      field.resolve = (source, args, ctx: GqlContext, info) => {
        const value = resolve(source, args, ctx, info);
        if (isPromiseLike(value)) {
          return Promise.resolve(value).then((v) => {
            ctx.cost.add(returnType, v);
            return v;
          });
        }
        ctx.cost.add(returnType, value);
        return value;
      };
    }
  }
  return schema;
}

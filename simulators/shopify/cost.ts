// Query cost as documented for the GraphQL Admin API (shopify.dev .../graphql-admin/rate-limits and
// Shopify's "rate limiting GraphQL APIs by calculating query complexity"): scalars and enums 0, an
// object 1, an interface/union the max of its possible selections, a connection 2 plus first/last
// times the cost of one item, a mutation 10. requestedQueryCost is computed from the document before
// running it; actualQueryCost counts what was really returned (see ActualCost) and the difference is
// refunded. Wrapper types inside a connection (edges, PageInfo) are free: the 2 covers them.
import {
  getArgumentValues,
  getNamedType,
  isAbstractType,
  isLeafType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
} from "graphql";

export interface CostModel {
  /** Cost of one mutation field (Shopify's default is 10). */
  mutationCost: number;
  /** Optional extra cost per quantity of inventorySetQuantities (0 = flat 10, the documented default). */
  inventorySetQuantitiesPerQuantity: number;
  /** Single-query ceiling: above it Shopify refuses with MAX_COST_EXCEEDED. */
  maxQueryCost: number;
}

export const DEFAULT_COST_MODEL: CostModel = { mutationCost: 10, inventorySetQuantitiesPerQuantity: 0, maxQueryCost: 1000 };

export function isConnectionType(type: GraphQLNamedType): boolean {
  return type.name.endsWith("Connection");
}

/** Types that cost nothing themselves: connection edges and page info. */
export function isFreeWrapperType(type: GraphQLNamedType): boolean {
  return type.name.endsWith("Edge") || type.name === "PageInfo";
}

type Fragments = Record<string, FragmentDefinitionNode>;
type Vars = Record<string, unknown>;

function included(node: { directives?: readonly { name: { value: string }; arguments?: readonly { value: unknown }[] }[] }, vars: Vars): boolean {
  for (const directive of node.directives ?? []) {
    const name = directive.name.value;
    if (name !== "skip" && name !== "include") continue;
    const arg = directive.arguments?.[0]?.value as { kind: string; value?: boolean; name?: { value: string } } | undefined;
    const value = arg?.kind === Kind.VARIABLE ? Boolean(vars[arg.name!.value]) : Boolean(arg?.value);
    if (name === "skip" && value) return false;
    if (name === "include" && !value) return false;
  }
  return true;
}

function typeMatches(schema: GraphQLSchema, type: GraphQLObjectType, condition: string | undefined): boolean {
  if (!condition || condition === type.name) return true;
  const conditionType = schema.getType(condition);
  return Boolean(conditionType && isAbstractType(conditionType) && schema.isSubType(conditionType, type));
}

/** Groups the fields selected on a concrete type by response key, following fragments. */
function collectFields(
  schema: GraphQLSchema,
  type: GraphQLObjectType,
  selections: readonly SelectionNode[],
  fragments: Fragments,
  vars: Vars,
  out = new Map<string, FieldNode[]>(),
): Map<string, FieldNode[]> {
  for (const selection of selections) {
    if (!included(selection, vars)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const list = out.get(key);
      if (list) list.push(selection);
      else out.set(key, [selection]);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (typeMatches(schema, type, selection.typeCondition?.name.value)) {
        collectFields(schema, type, selection.selectionSet.selections, fragments, vars, out);
      }
    } else {
      const fragment = fragments[selection.name.value];
      if (fragment && typeMatches(schema, type, fragment.typeCondition.name.value)) {
        collectFields(schema, type, fragment.selectionSet.selections, fragments, vars, out);
      }
    }
  }
  return out;
}

function subSelections(nodes: FieldNode[]): SelectionNode[] {
  return nodes.flatMap((n) => n.selectionSet?.selections ?? []);
}

function safeArgs(def: GraphQLField<unknown, unknown>, node: FieldNode, vars: Vars): Record<string, unknown> {
  try {
    return getArgumentValues(def, node, vars);
  } catch {
    return {};
  }
}

class CostWalker {
  constructor(
    private readonly schema: GraphQLSchema,
    private readonly fragments: Fragments,
    private readonly vars: Vars,
  ) {}

  /** Cost of the selections on a composite type (max over possible types when abstract). */
  selectionCost(type: GraphQLCompositeType, selections: readonly SelectionNode[]): number {
    const concrete = isObjectType(type) ? [type] : this.schema.getPossibleTypes(type as never);
    let max = 0;
    for (const t of concrete) {
      let sum = 0;
      for (const nodes of collectFields(this.schema, t, selections, this.fragments, this.vars).values()) {
        sum += this.fieldCost(t, nodes);
      }
      max = Math.max(max, sum);
    }
    return max;
  }

  private fieldCost(parent: GraphQLObjectType, nodes: FieldNode[]): number {
    const name = nodes[0].name.value;
    if (name.startsWith("__")) return 0;
    const def = parent.getFields()[name];
    if (!def) return 0;
    const named = getNamedType(def.type);
    if (isLeafType(named)) return 0;
    const args = safeArgs(def, nodes[0], this.vars);
    const selections = subSelections(nodes);
    if (isConnectionType(named)) {
      const size = Math.max(0, Number(args.first ?? args.last ?? 0) || 0);
      return 2 + size * this.connectionItemCost(named as GraphQLObjectType, selections);
    }
    const child = this.selectionCost(named as GraphQLCompositeType, selections);
    if (isFreeWrapperType(named)) return child;
    // Lists sized by an argument (nodes(ids:), quantities(names:)) cost one object per entry.
    const sizedBy = Array.isArray(args.ids) ? args.ids : Array.isArray(args.names) ? args.names : null;
    return (sizedBy ? sizedBy.length : 1) * (1 + child);
  }

  /** Cost of one item of a connection: its node as selected via `nodes` and/or `edges { node }`. */
  private connectionItemCost(connection: GraphQLObjectType, selections: readonly SelectionNode[]): number {
    let cost = 0;
    for (const nodes of collectFields(this.schema, connection, selections, this.fragments, this.vars).values()) {
      const name = nodes[0].name.value;
      const def = connection.getFields()[name];
      if (!def) continue;
      if (name === "nodes") {
        cost += 1 + this.selectionCost(getNamedType(def.type) as GraphQLCompositeType, subSelections(nodes));
      } else if (name === "edges") {
        const edgeType = getNamedType(def.type) as GraphQLObjectType;
        for (const edgeNodes of collectFields(this.schema, edgeType, subSelections(nodes), this.fragments, this.vars).values()) {
          if (edgeNodes[0].name.value !== "node") continue;
          const nodeType = getNamedType(edgeType.getFields().node.type) as GraphQLCompositeType;
          cost += 1 + this.selectionCost(nodeType, subSelections(edgeNodes));
        }
      }
    }
    return cost;
  }
}

/** Cost of one mutation root field: the flat mutation cost plus the optional per-quantity term. */
export function mutationFieldCost(fieldName: string, args: Record<string, unknown>, model: CostModel): number {
  let cost = model.mutationCost;
  if (fieldName === "inventorySetQuantities" && model.inventorySetQuantitiesPerQuantity > 0) {
    const quantities = (args.input as { quantities?: unknown[] } | undefined)?.quantities;
    cost += Math.ceil((quantities?.length ?? 0) * model.inventorySetQuantitiesPerQuantity);
  }
  return cost;
}

export function requestedQueryCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Fragments,
  vars: Vars,
  model: CostModel,
): number {
  if (operation.operation === "mutation") {
    const root = schema.getMutationType()!;
    let cost = 0;
    for (const nodes of collectFields(schema, root, operation.selectionSet.selections, fragments, vars).values()) {
      const def = root.getFields()[nodes[0].name.value];
      if (def) cost += mutationFieldCost(def.name, safeArgs(def, nodes[0], vars), model);
    }
    return cost;
  }
  const root = schema.getQueryType()!;
  return new CostWalker(schema, fragments, vars).selectionCost(root, operation.selectionSet.selections);
}

/**
 * Counts the cost of what a query actually returned, one resolved field at a time, with the same
 * rules as the requested cost: a connection 2, each returned object 1, edges and page info free.
 */
export class ActualCost {
  total = 0;
  constructor(public counting: boolean) {}

  add(returnType: GraphQLNamedType, value: unknown): void {
    if (!this.counting || value == null || isLeafType(returnType)) return;
    if (isConnectionType(returnType)) this.total += 2;
    else if (isFreeWrapperType(returnType)) return;
    else if (Array.isArray(value)) this.total += value.filter((v) => v != null).length;
    else this.total += 1;
  }
}

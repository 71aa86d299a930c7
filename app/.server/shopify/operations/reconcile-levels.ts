// Reconciliation reads every inventory item's `available` per location in one bulk operation (JSONL),
// instead of thousands of paged queries against the rate limit. Bulk queries take no `first`, and
// nested connections come back as separate JSONL lines carrying `__parentId`.
// Result types are generated from the documents (npm run graphql-codegen -> app/types/admin.generated.d.ts).
import type { ReconcileLevelsQuery } from "../../../types/admin.generated";

export const RECONCILE_LEVELS_BULK_QUERY = `#graphql
  query ReconcileLevels {
    inventoryItems {
      edges {
        node {
          id
          tracked
          inventoryLevels {
            edges {
              node {
                location {
                  id
                }
                quantities(names: ["available"]) {
                  name
                  quantity
                }
              }
            }
          }
        }
      }
    }
  }
`;

type ItemNode = ReconcileLevelsQuery["inventoryItems"]["edges"][number]["node"];
type LevelNode = ItemNode["inventoryLevels"]["edges"][number]["node"];

/**
 * One JSONL line of the result: an inventory item without its connection, or one of its levels with
 * __parentId (the bulk format flattens nested connections; codegen types the nested query shape).
 */
export type ReconcileLevelsLine = (Omit<ItemNode, "inventoryLevels"> & { __parentId?: undefined }) | (LevelNode & { __parentId: string });

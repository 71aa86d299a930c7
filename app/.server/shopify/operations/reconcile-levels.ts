// Reconciliation reads every inventory item's `available` per location in one bulk operation (JSONL),
// instead of thousands of paged queries against the rate limit. Bulk queries take no `first`, and
// nested connections come back as separate JSONL lines carrying `__parentId`.
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

/** One JSONL line of the result: an inventory item, or one of its levels (with __parentId). */
export type ReconcileLevelsLine =
  | { id: string; tracked: boolean; __parentId?: undefined }
  | { location: { id: string }; quantities: { name: string; quantity: number }[]; __parentId: string };

// What every resolver gets: the runtime, the calling shop and app, and the actual-cost counter.
import type { ActualCost } from "../cost";
import type { Runtime } from "../runtime";
import type { Caller, ShopState } from "../state";

/** Paging for bulk operations: the root connection is read page by page, nested ones in full. */
export interface BulkPaging {
  pageSize: number;
  after: string | null;
  nextCursor: string | null;
  hasNext: boolean;
}

export interface GqlContext {
  runtime: Runtime;
  shop: ShopState;
  caller: Caller;
  cost: ActualCost;
  bulk: BulkPaging | null;
}

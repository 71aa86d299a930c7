// Values of the Items page's decision filter (shared by the page and the server's query service).

/** Reasons an item in the list can show (matched items, so never UNMATCHED; UNCHANGED is per write, not per item). */
export const LIST_REASONS = ["ALWAYS", "PROCESSING_ORDERS", "STORE_SYNC_OFF", "NOT_TRACKED", "NEVER", "NOT_PROCESSING_ORDERS"] as const;
export type ListReason = (typeof LIST_REASONS)[number];

/** Filter values: one reason, or every sync / every skip. */
export const DECISION_FILTERS = ["SYNC", "SKIP", ...LIST_REASONS] as const;
export type DecisionFilter = (typeof DECISION_FILTERS)[number];

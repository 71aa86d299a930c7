// Moved to db/decision-sql.ts (SQL over the shop's items, shared with bulk runs); kept for the views'
// imports.
export * from "../db/decision-sql";

// Shopify webhook topics as authenticate.webhook reports them (upper-cased, "/" -> "_").
export const TOPICS = {
  appUninstalled: "APP_UNINSTALLED",
  appScopesUpdate: "APP_SCOPES_UPDATE",
  inventoryLevelsUpdate: "INVENTORY_LEVELS_UPDATE",
  bulkOperationsFinish: "BULK_OPERATIONS_FINISH",
  ordersCreate: "ORDERS_CREATE",
  ordersUpdated: "ORDERS_UPDATED",
  ordersCancelled: "ORDERS_CANCELLED",
  ordersFulfilled: "ORDERS_FULFILLED",
  customersDataRequest: "CUSTOMERS_DATA_REQUEST",
  customersRedact: "CUSTOMERS_REDACT",
  shopRedact: "SHOP_REDACT",
} as const;

/** The order topics whose events the in-flight orders job drains (rule 3.9). */
export const ORDER_TOPICS = [TOPICS.ordersCreate, TOPICS.ordersUpdated, TOPICS.ordersCancelled, TOPICS.ordersFulfilled] as const;

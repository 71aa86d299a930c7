// Shopify webhook topics as authenticate.webhook reports them (upper-cased, "/" -> "_").
export const TOPICS = {
  appUninstalled: "APP_UNINSTALLED",
  appScopesUpdate: "APP_SCOPES_UPDATE",
  inventoryLevelsUpdate: "INVENTORY_LEVELS_UPDATE",
  bulkOperationsFinish: "BULK_OPERATIONS_FINISH",
  customersDataRequest: "CUSTOMERS_DATA_REQUEST",
  customersRedact: "CUSTOMERS_REDACT",
  shopRedact: "SHOP_REDACT",
} as const;

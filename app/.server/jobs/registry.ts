// Job names shared by the producers (webhook intake, settings, bulk actions) and the worker.
/** Applies one stored Whiplash event. data: { eventId } */
export const WHIPLASH_EVENT_JOB = "whiplash-event";
/** Drains one shop's pending syncs to Shopify; singleton per shop (singletonKey = shop id). data: { shopId } */
export const SHOP_WRITER_JOB = "shop-writer";
/** Imports a customer's Whiplash items and matches them to a shop's variants. data: { customerId, shopId? } */
export const WHIPLASH_IMPORT_JOB = "whiplash-import";

export interface WhiplashEventJobData {
  eventId: string;
}
export interface ShopWriterJobData {
  shopId: string;
}
export interface WhiplashImportJobData {
  customerId: string;
  shopId?: string;
}

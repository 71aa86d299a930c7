// Sentences about Process Orders for merchants (item page): who set it last, and whether Whiplash's own
// flag says otherwise (rule 3.10). Pure; dates are left to the page (passed back as ISO strings).
import type { ItemState, ProcessOrdersMode, ProcessOrdersSetBy } from "./types";

export const PROCESS_ORDERS_SET_BY_LABELS: Record<ProcessOrdersSetBy, string> = {
  IMPORT: "the import from Whiplash",
  AUTOMATION: "the app's automation",
  PERSON: "a person in this app",
  WHIPLASH: "a change in Whiplash",
};

const onOff = (on: boolean) => (on ? "on" : "off");

/**
 * When the app's flag and Whiplash's last reported flag differ, one sentence saying so and why; null when
 * they agree or Whiplash has not reported its flag yet.
 */
export function processOrdersDisagreement(item: ItemState, mode: ProcessOrdersMode): string | null {
  const whiplash = item.whiplashProcessOrders ?? null;
  if (whiplash === null || whiplash === item.processOrders) return null;
  const head = `Whiplash shows Process Orders ${onOff(whiplash)}, the app has it ${onOff(item.processOrders)}.`;
  switch (item.processOrdersSetBy) {
    case "AUTOMATION":
      return `${head} The app's automation switched it ${onOff(item.processOrders)} before Whiplash did (Whiplash runs its own job later). A change made in Whiplash from now on is followed until the next automation trigger.`;
    case "PERSON":
      return `${head} It was switched ${onOff(item.processOrders)} in this app, which does not write Process Orders to Whiplash. A change made in Whiplash after yours is followed.`;
    default:
      return mode === "MANUAL"
        ? `${head} In Manual mode Whiplash's flag is followed at its next change.`
        : `${head} The app follows a change made in Whiplash until the next automation trigger.`;
  }
}

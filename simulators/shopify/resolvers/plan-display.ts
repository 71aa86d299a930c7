// How each simulated plan reports itself in shop.plan.
import type { Plan } from "../bucket";

export const PLAN_DISPLAY: Record<Plan, { displayName: string; publicDisplayName: string }> = {
  Standard: { displayName: "Basic", publicDisplayName: "Basic" },
  Advanced: { displayName: "Advanced", publicDisplayName: "Advanced" },
  Plus: { displayName: "Shopify Plus", publicDisplayName: "Plus" },
  Enterprise: { displayName: "Commerce Components", publicDisplayName: "Commerce Components" },
};

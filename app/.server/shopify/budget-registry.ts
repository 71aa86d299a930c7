// One CostBudget per shop for the whole process: UI loaders, jobs and the writer all draw on the same
// bucket, so they must share one view of it.
import { systemClock, type Clock } from "./clock";
import { CostBudget } from "./cost-budget";

export class BudgetRegistry {
  private readonly budgets = new Map<string, CostBudget>();

  constructor(private readonly clock: Clock = systemClock) {}

  forShop(shop: string): CostBudget {
    let budget = this.budgets.get(shop);
    if (!budget) {
      budget = new CostBudget(this.clock);
      this.budgets.set(shop, budget);
    }
    return budget;
  }

  /** Uninstall / tests: forget a shop's bucket. */
  drop(shop: string): void {
    this.budgets.delete(shop);
  }
}

/** The process-wide registry used by every client the app creates. */
export const sharedBudgets = new BudgetRegistry();

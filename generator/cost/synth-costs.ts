import type { ConfigIssue } from '../errors';
import type { CustomerPlan, Model } from '../model';
import { costAssumptions, type CostAssumptions } from './assumptions';
import { budgetIssue, costRecord, type CostsFile, type CustomerCostRecord, inputsKey } from './budget-guard';
import { estimateWorkspace, type WorkspaceEstimate } from './estimate';
import { hasSnapshot, loadPrices, type PriceSnapshot } from './prices';

/** An estimate as a workspace README shows it. */
export interface ReadmeEstimate extends WorkspaceEstimate {
  readonly region: string;
  readonly pricesDate: string;
  readonly budgetUsd?: number;
}

/**
 * Prices each workspace as synth writes it: the estimate for its README, the record for
 * generated/costs.json (which validate reuses), and the budget guard. Without a price
 * snapshot for the platform region nothing is priced and no budget is checked.
 */
export class SynthCosts {
  private readonly prices?: PriceSnapshot;
  private readonly assumptions: CostAssumptions;
  private readonly plans: ReadonlyMap<string, CustomerPlan>;
  private readonly records: Record<string, CustomerCostRecord> = {};
  private readonly found: ConfigIssue[] = [];

  constructor(private readonly model: Model) {
    this.prices = hasSnapshot(model.platform.region) ? loadPrices(model.platform.region) : undefined;
    this.assumptions = costAssumptions(model.platform);
    this.plans = new Map(model.plans.map((p) => [p.customer.config.name, p]));
  }

  /** Prices one synthesized workspace; `customer` names the customer a customer workspace belongs to. */
  add(workspace: string, json: Record<string, any>, customer?: string): ReadmeEstimate | undefined {
    if (!this.prices) return undefined;
    const estimate = estimateWorkspace(json, this.prices, this.assumptions);
    const plan = customer ? this.plans.get(customer) : undefined;
    if (plan) {
      const record = costRecord(inputsKey(this.model, plan), estimate);
      this.records[workspace] = record;
      const issue = budgetIssue(plan.customer, record);
      if (issue) this.found.push(issue);
    }
    const pricesDate = Object.values(this.prices.prices)
      .map((p) => p.date)
      .sort()
      .at(-1);
    return { ...estimate, region: this.prices.region, pricesDate: pricesDate ?? '', budgetUsd: plan?.customer.config.budget.monthlyUsd };
  }

  /** Customers over budget, in name order. */
  issues(): ConfigIssue[] {
    return [...this.found].sort((a, b) => a.file.localeCompare(b.file));
  }

  /** Content of generated/costs.json. */
  fileText(): string {
    const workspaces = Object.fromEntries(Object.entries(this.records).sort(([a], [b]) => a.localeCompare(b)));
    const file: CostsFile = { workspaces };
    return `${JSON.stringify(file, null, 2)}\n`;
  }
}

import type { ConfigIssue } from '../errors';
import type { CustomerPlan, Model } from '../model';
import { budgetIssue, type CostsFile, type CostSummary, type CustomerCostRecord, inputsKey } from './budget-guard';
import type { WorkspaceEstimate } from './estimate';
import { hasSnapshot } from './prices';

/** An estimate as a workspace README shows it. */
export interface ReadmeEstimate extends WorkspaceEstimate {
  readonly region: string;
  readonly pricesDate: string;
  readonly budgetUsd?: number;
}

/**
 * Collects each customer workspace's estimate as synth writes it (estimates are derived
 * per workspace, see generator/workspace-derived.ts): the record for generated/costs.json
 * (which validate reuses) and the budget guard. Without a price snapshot for the
 * platform region nothing is priced and no budget is checked.
 */
export class SynthCosts {
  private readonly priced: boolean;
  private readonly plans: ReadonlyMap<string, CustomerPlan>;
  private readonly records: Record<string, CustomerCostRecord> = {};
  private readonly found: ConfigIssue[] = [];

  constructor(private readonly model: Model) {
    this.priced = hasSnapshot(model.platform.region);
    this.plans = new Map(model.plans.map((p) => [p.customer.config.name, p]));
  }

  /** Records a workspace's cost (derived with its stack, or from the synth cache) for costs.json and the budget guard. */
  record(workspace: string, cost: CostSummary | undefined, customer?: string): void {
    const plan = customer ? this.plans.get(customer) : undefined;
    if (!this.priced || !cost || !plan) return;
    const record: CustomerCostRecord = { inputs: inputsKey(this.model, plan), ...cost };
    this.records[workspace] = record;
    const issue = budgetIssue(plan.customer, record);
    if (issue) this.found.push(issue);
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

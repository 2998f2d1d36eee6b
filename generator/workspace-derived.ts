import { costAssumptions } from './cost/assumptions';
import { costSummary, type CostSummary } from './cost/budget-guard';
import { estimateWorkspace, type WorkspaceEstimate } from './cost/estimate';
import { hasSnapshot, loadPrices, snapshotDate } from './cost/prices';
import type { ReadmeEstimate } from './cost/synth-costs';
import { evaluateFindings, type StoredFinding, storeFindings } from './policy';
import { renderWorkspaceReadme } from './readme';
import type { WorkspaceJob } from './workspace-jobs';

/**
 * What synth derives from one workspace's Terraform JSON besides the file itself. It is a
 * function of the workspace's job and the fleet's customer names, so a worker process
 * derives it right after synthesizing the stack, and the synth cache keeps it with the
 * workspace's files.
 */
export interface DerivedWorkspace {
  /** The workspace's README.md. */
  readonly readme: string;
  /** The monthly estimate's total and largest items (what costs.json and the budget guard keep); null without a price snapshot for the platform's region. */
  readonly cost: CostSummary | null;
  /** The policy pack's findings, waivers not applied (waivers are fleet-wide: synth applies them over every workspace). */
  readonly findings: readonly StoredFinding[];
}

/** What deriving needs besides the job, as plain JSON (it is sent to worker processes). */
export interface DeriveContext {
  /** Every customer of the fleet: a string naming another customer is a tenancy finding. */
  readonly customers: readonly string[];
}

/** The README's view of an estimate: the region, the snapshot's date and the customer's budget beside it. */
export function readmeEstimate(job: WorkspaceJob, estimate: WorkspaceEstimate | null): ReadmeEstimate | undefined {
  if (!estimate) return undefined;
  const { region } = job.props.platform;
  return {
    ...estimate,
    region,
    pricesDate: snapshotDate(loadPrices(region)),
    budgetUsd: job.kind === 'customer' ? job.props.customer.budget.monthlyUsd : undefined,
  };
}

/** The pack's findings on one workspace's JSON, as the synth cache stores them. */
export function workspaceFindings(job: WorkspaceJob, stack: Record<string, unknown>, ctx: DeriveContext): StoredFinding[] {
  return storeFindings(
    evaluateFindings(job.props.platform, ctx.customers, {
      workspace: job.workspace,
      kind: job.index.kind,
      customer: job.index.customer,
      decommissioning: job.index.decommission,
      stack,
    }),
  );
}

export function deriveWorkspace(job: WorkspaceJob, stack: Record<string, unknown>, ctx: DeriveContext): DerivedWorkspace {
  const { platform } = job.props;
  const estimate = hasSnapshot(platform.region) ? estimateWorkspace(stack, loadPrices(platform.region), costAssumptions(platform)) : null;
  const readme = renderWorkspaceReadme({
    ...job.readme,
    workspace: job.workspace,
    platform,
    synthesized: stack,
    estimate: readmeEstimate(job, estimate),
  });
  return { readme, cost: estimate && costSummary(estimate), findings: workspaceFindings(job, stack, ctx) };
}

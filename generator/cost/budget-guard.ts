import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ResolvedCustomer } from '../../contract/config';
import type { ConfigIssue } from '../errors';
import type { CustomerPlan, Model } from '../model';
import { costAssumptions } from './assumptions';
import { estimateWorkspace, type LineItem, usd, type WorkspaceEstimate } from './estimate';
import { hasSnapshot, loadPrices, pricesFile } from './prices';

/** generated/costs.json: each customer's estimate and the inputs it was computed from, written by every synth. */
export const COSTS_FILE = 'costs.json';

/** What validate needs to judge a budget without synthesizing again. */
export interface CustomerCostRecord {
  /** Digest of everything the estimate depends on (see inputsKey). */
  readonly inputs: string;
  readonly monthlyUsd: number;
  /** The three largest line items. */
  readonly largest: readonly Pick<LineItem, 'address' | 'what' | 'monthlyUsd'>[];
}

export interface CostsFile {
  readonly workspaces: Readonly<Record<string, CustomerCostRecord>>;
}

const cents = (n: number): number => Math.round(n * 100) / 100;

/** What the budget guard and costs.json keep of an estimate: the total and the three largest items. */
export type CostSummary = Omit<CustomerCostRecord, 'inputs'>;

export function costSummary(estimate: WorkspaceEstimate): CostSummary {
  return {
    monthlyUsd: cents(estimate.monthlyUsd),
    largest: estimate.lines.slice(0, 3).map((l) => ({ address: l.address, what: l.what, monthlyUsd: cents(l.monthlyUsd) })),
  };
}

export function costRecord(inputs: string, estimate: WorkspaceEstimate): CustomerCostRecord {
  return { inputs, ...costSummary(estimate) };
}

/**
 * Fails when a customer's estimate (its own workspace, what its AWS budget sees) is above
 * budget.monthlyUsd: the estimate, the budget and the three largest items, so the fix is
 * either a deliberate budget raise or a smaller config.
 */
export function budgetIssue(
  customer: ResolvedCustomer,
  estimate: Pick<CustomerCostRecord, 'monthlyUsd' | 'largest'>,
): ConfigIssue | undefined {
  const budget = customer.config.budget.monthlyUsd;
  if (estimate.monthlyUsd <= budget) return undefined;
  const largest = estimate.largest.map((l) => `${usd(l.monthlyUsd)} ${l.what} (${l.address})`).join('; ');
  return {
    code: 'rule.budget-exceeded',
    file: customer.file,
    path: 'budget.monthlyUsd',
    value: budget,
    message: `estimated ${usd(estimate.monthlyUsd)} per month exceeds the budget of ${usd(budget)}; largest items: ${largest}`,
    allowed: `at least ${Math.ceil(estimate.monthlyUsd)} (raise budget.monthlyUsd in ${customer.file} on purpose), or smaller sizes; see npm run cost -- ${customer.config.name} --explain`,
  };
}

const CODE_ROOT = resolve(__dirname, '..', '..');
let codeDigestCache: string | undefined;

/**
 * Digest of the code between a merged config and its priced Terraform: the constructs,
 * the stack assembly, the estimator with its price snapshots, and the lock file. Config
 * loading and merging are covered by the merged config itself being part of the key.
 */
function codeDigest(): string {
  if (codeDigestCache) return codeDigestCache;
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|cjs|hbs|json)$/.test(entry.name)) hash.update(`${path.slice(CODE_ROOT.length)}\0`).update(readFileSync(path));
    }
  };
  for (const dir of ['modules', 'generator/cost/prices']) walk(join(CODE_ROOT, dir));
  const files = ['estimate.ts', 'assumptions.ts', 'prices.ts'].map((f) => `generator/cost/${f}`);
  // The stack assembly: what a workspace's job holds, how a batch synthesizes it, the cdktf passes it skips.
  const assembly = ['workspace-jobs.ts', 'stack-batch.ts', 'cdktf-tuning.ts'].map((f) => `generator/${f}`);
  for (const file of [...files, ...assembly, 'contract/config.ts', 'package-lock.json']) {
    const path = join(CODE_ROOT, file);
    if (existsSync(path)) hash.update(`${file}\0`).update(readFileSync(path));
  }
  codeDigestCache = hash.digest('hex');
  return codeDigestCache;
}

/** Digest of everything one customer's estimate depends on: code (incl. price snapshots), platform, its merged config, its routing. */
export function inputsKey(model: Pick<Model, 'platform'>, plan: CustomerPlan): string {
  return createHash('sha256')
    .update(JSON.stringify([codeDigest(), model.platform, plan.customer.config, plan.routing]))
    .digest('hex')
    .slice(0, 32);
}

function readCostsFile(generatedDir: string): CostsFile {
  try {
    const parsed = JSON.parse(readFileSync(join(generatedDir, COSTS_FILE), 'utf8')) as CostsFile;
    return parsed && typeof parsed.workspaces === 'object' ? parsed : { workspaces: {} };
  } catch {
    return { workspaces: {} };
  }
}

export interface BudgetCheck {
  readonly issues: readonly ConfigIssue[];
  /** Customers whose generated estimate was out of date, so their workspace was synthesized in memory. */
  readonly synthesized: readonly string[];
  /** Set when the platform region has no price snapshot: budgets were not checked. */
  readonly skipped?: string;
}

/**
 * The budget guard for `validate`: prices each customer's synthesized workspace. A cost
 * in `known` (what validate's policy run derived or read from the synth cache) is used
 * first; then the estimate synth recorded in generated/costs.json when its inputs digest
 * still matches; otherwise (a config, code or price change since the last synth) that one
 * customer's stack is synthesized in memory and priced.
 */
export async function checkBudgets(
  model: Model,
  plans: readonly CustomerPlan[] = model.plans,
  known: ReadonlyMap<string, CostSummary | null> = new Map(),
): Promise<BudgetCheck> {
  const region = model.platform.region;
  if (!hasSnapshot(region))
    return { issues: [], synthesized: [], skipped: `no price snapshot for ${region} (${pricesFile(region)}): budgets not checked` };
  const recorded = readCostsFile(join(model.root, 'generated')).workspaces;
  const issues: ConfigIssue[] = [];
  const synthesized: string[] = [];
  for (const plan of plans) {
    const name = plan.customer.config.name;
    const inputs = inputsKey(model, plan);
    const cost = known.get(`customer-${name}`);
    let record: CustomerCostRecord | undefined = cost ? { inputs, ...cost } : recorded[`customer-${name}`];
    if (record?.inputs !== inputs) {
      record = costRecord(
        inputs,
        estimateWorkspace(await synthesizeCustomer(model, plan), loadPrices(region), costAssumptions(model.platform)),
      );
      synthesized.push(name);
    }
    const issue = budgetIssue(plan.customer, record);
    if (issue) issues.push(issue);
  }
  return { issues, synthesized };
}

/** One customer's workspace as Terraform JSON, synthesized in memory (cdktf is loaded only when needed). */
export async function synthesizeCustomer(model: Model, plan: CustomerPlan): Promise<Record<string, any>> {
  const [{ App }, { CustomerStack }, { WORKSPACES }] = await Promise.all([
    import('cdktf'),
    import('../../modules/stacks/customer-stack'),
    import('../../modules/naming'),
  ]);
  // App creates its outdir on construction; nothing is written into it without synth().
  const outdir = mkdtempSync(join(tmpdir(), 'tw-cost-'));
  try {
    const app = new App({ outdir, skipValidation: true });
    const stack = new CustomerStack(app, WORKSPACES.customer(plan.customer.config.name), {
      platform: model.platform,
      customer: plan.customer.config,
      routing: plan.routing,
    });
    return JSON.parse(JSON.stringify(stack.toTerraform()));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

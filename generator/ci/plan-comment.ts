import type { ChangedWorkspace } from './changed-report';
import type { CostDiff } from '../cost/diff';
import { renderCostSection } from './cost-comment';
import { collapsedBlocks } from './markdown';
import type { PlanResult } from './plan-artifacts';
import { blocksOnDataLoss, classifyPlan, type DataLoss, type PlanSummary } from './plan-classify';

/** Hidden line the plan workflow finds its own comment by, to update it instead of adding another. */
export const PLAN_COMMENT_MARKER = '<!-- tenant-workspaces:plan -->';

/** A changed (or removed) workspace with what its plan job left. */
export interface WorkspacePlan extends PlanResult {
  readonly workspace: ChangedWorkspace;
}

export interface PlanCommentOptions {
  /** Link to the workflow run, for the full artifacts. */
  readonly runUrl?: string;
  /** The commit the plans were made from. */
  readonly commit?: string;
  /** Monthly estimates before → after of the changed workspaces (`cost --base <ref> --json`). */
  readonly cost?: CostDiff;
}

export interface PlanComment {
  readonly markdown: string;
  /** Workspaces that would lose data without `decommission: true`. */
  readonly blocked: readonly string[];
  /** Workspaces whose plan failed or left no result. */
  readonly failed: readonly string[];
}

type Row =
  | { readonly state: 'manual' }
  | { readonly state: 'failed'; readonly reason: string }
  | { readonly state: 'planned'; readonly summary: PlanSummary; readonly blocked: boolean };

function rowOf(p: WorkspacePlan): Row {
  if (!p.workspace.stateKey) return { state: 'manual' };
  if (p.exitCode === undefined) return { state: 'failed', reason: 'no plan result' };
  if (p.exitCode === 1 || !p.plan) return { state: 'failed', reason: 'plan failed' };
  const summary = classifyPlan(p.plan);
  return { state: 'planned', summary, blocked: blocksOnDataLoss(summary, p.workspace.decommission) };
}

const losses = (dataLoss: readonly DataLoss[]): string => dataLoss.map((d) => `\`${d.address}\` (${d.action})`).join(', ');

function flags(p: WorkspacePlan, row: Row): string {
  switch (row.state) {
    case 'manual':
      return `✋ local state: not planned in CI, apply by hand (\`generated/stacks/${p.workspace.workspace}/README.md\`)`;
    case 'failed':
      return `❌ ${row.reason}`;
    case 'planned':
      if (!row.summary.dataLoss.length) return '';
      return row.blocked
        ? `⛔ destroys data: ${losses(row.summary.dataLoss)}`
        : `⚠️ destroys data, allowed by \`decommission: true\`: ${losses(row.summary.dataLoss)}`;
  }
}

function label(w: ChangedWorkspace): string {
  const where = w.kind === 'customer' ? `, wave ${w.wave}` : '';
  return `\`${w.workspace}\` (${w.change}${where})`;
}

function verdict(p: WorkspacePlan, row: Row): string | undefined {
  const w = p.workspace;
  if (row.state === 'failed') return `\`${w.workspace}\`: ${row.reason}; its output is below and in the run.`;
  if (row.state !== 'planned' || !row.blocked) return undefined;
  const fix = w.customer
    ? `If ${w.customer} is being decommissioned, first merge \`"decommission": true\` in \`customers/${w.customer}/config.json\`; otherwise change the config so the resource is kept.`
    : `${w.kind} has no decommission switch: change the code so the resource is kept.`;
  return `\`${w.workspace}\` would destroy or replace ${losses(row.summary.dataLoss)}. ${fix}`;
}

function planTitle(p: WorkspacePlan, row: Row): string {
  if (row.state === 'planned')
    return p.exitCode === 0
      ? 'no changes'
      : `${row.summary.add} to add, ${row.summary.change} to change, ${row.summary.destroy} to destroy`;
  return row.state === 'failed' ? row.reason : 'not planned';
}

/**
 * The pull-request comment: one table row per changed workspace (apply order, removed
 * last) and each plan collapsed below it. A plan that would destroy or replace a data
 * store blocks the check unless that customer is being decommissioned.
 */
export function renderPlanComment(plans: readonly WorkspacePlan[], opts: PlanCommentOptions = {}): PlanComment {
  const rows = plans.map((p) => ({ p, row: rowOf(p) }));
  const blocked = rows.filter(({ row }) => row.state === 'planned' && row.blocked).map(({ p }) => p.workspace.workspace);
  const failed = rows.filter(({ row }) => row.state === 'failed').map(({ p }) => p.workspace.workspace);
  const from = opts.commit ? ` of \`${opts.commit.slice(0, 12)}\`` : '';
  const head = [PLAN_COMMENT_MARKER, `### Terraform plan${from}: ${plans.length} workspace${plans.length === 1 ? '' : 's'} changed`, ''];

  if (!plans.length)
    return { markdown: [...head, 'No generated workspace differs from the base branch: nothing to plan.', ''].join('\n'), blocked, failed };

  const problems = rows.map(({ p, row }) => verdict(p, row)).filter((v): v is string => v !== undefined);
  head.push(
    problems.length
      ? `❌ **This check fails:**\n\n${problems.map((v) => `- ${v}`).join('\n')}`
      : '✅ No database, cache, bucket or state resource is destroyed or replaced.',
    '',
  );
  head.push('| workspace | add | change | destroy | flags |', '|---|---:|---:|---:|---|');
  for (const { p, row } of rows) {
    const counts = row.state === 'planned' ? [row.summary.add, row.summary.change, row.summary.destroy] : ['–', '–', '–'];
    head.push(`| ${label(p.workspace)} | ${counts.join(' | ')} | ${flags(p, row)} |`);
  }
  if (opts.cost) head.push('', ...renderCostSection(opts.cost));
  const foot = opts.runUrl ? `Full plans: [workflow run](${opts.runUrl}) (artifacts \`plan-<workspace>\`).\n` : '';

  const sections = collapsedBlocks(
    rows
      .filter(({ p }) => p.text !== undefined)
      .map(({ p, row }) => ({ summary: `<code>${p.workspace.workspace}</code>: ${planTitle(p, row)}`, text: p.text ?? '' })),
    head.join('\n').length + foot.length,
  );
  return { markdown: [...head, '', ...sections.flatMap((s) => [s, '']), foot].join('\n'), blocked, failed };
}

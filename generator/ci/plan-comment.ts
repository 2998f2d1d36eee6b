import type { ChangedWorkspace } from './changed-report';
import type { CostDiff } from '../cost/diff';
import { renderCostSection } from './cost-comment';
import { BODY_BUDGET_CHARS, collapsedBlocks } from './markdown';
import { ARTIFACT_PREFIX, type PlanResult } from './plan-artifacts';
import { blocksOnDataLoss, classifyPlan, type DataLoss, type PlanSummary } from './plan-classify';

/** Hidden line the plan workflow finds its own comment by, to update it instead of adding another. */
export const PLAN_COMMENT_MARKER = '<!-- tenant-workspaces:plan -->';

/** Room kept for the grouped list of benign workspaces before the table is shortened further. */
const BENIGN_MIN_CHARS = 8_000;

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

type Entry = { readonly p: WorkspacePlan; readonly row: Row };

/** Failed, local-state and data-destroying workspaces: named in the comment whatever its size. */
const notable = ({ row }: Entry): boolean => row.state !== 'planned' || row.summary.dataLoss.length > 0;

/** How much a comment says about each workspace: the first form that fits is used. */
interface Detail {
  /** One check-failure line per workspace with its data stores and the fix, or the names grouped. */
  readonly verdict: 'full' | 'names';
  /** Table rows for every workspace, for the notable ones only (the others grouped by counts below it), or none. */
  readonly table: 'all' | 'notable' | 'none';
}

const DETAILS: readonly Detail[] = [
  { verdict: 'full', table: 'all' },
  { verdict: 'full', table: 'notable' },
  { verdict: 'names', table: 'notable' },
  { verdict: 'names', table: 'none' },
];

const names = (entries: readonly Entry[]): string => entries.map(({ p }) => `\`${p.workspace.workspace}\``).join(', ');

function verdictLines(entries: readonly Entry[], form: Detail['verdict']): string[] {
  if (form === 'full') {
    const problems = entries.map(({ p, row }) => verdict(p, row)).filter((v): v is string => v !== undefined);
    return problems.length
      ? [`❌ **This check fails:**\n\n${problems.map((v) => `- ${v}`).join('\n')}`]
      : ['✅ No database, cache, bucket or state resource is destroyed or replaced.'];
  }
  const failed = entries.filter(({ row }) => row.state === 'failed');
  const blocked = entries.filter(({ row }) => row.state === 'planned' && row.blocked);
  const lines = [];
  if (failed.length) lines.push(`- ${failed.length} plan(s) failed or left no result: ${names(failed)}; their output is in the run.`);
  if (blocked.length) {
    const switchless = [...new Set(blocked.filter(({ p }) => !p.workspace.customer).map(({ p }) => p.workspace.kind))];
    lines.push(
      [
        `- ${blocked.length} workspace(s) would destroy or replace a database, cache, bucket or state resource: ${names(blocked)}.`,
        ...(blocked.some(({ p }) => p.workspace.customer)
          ? [
              'For a customer being decommissioned, first merge `"decommission": true` in its `customers/<name>/config.json`; otherwise change the config so the resources are kept.',
            ]
          : []),
        ...(switchless.length
          ? [
              `${switchless.join(' and ')} ${switchless.length === 1 ? 'has' : 'have'} no decommission switch: change the code so the resources are kept.`,
            ]
          : []),
      ].join(' '),
    );
  }
  return lines.length ? [`❌ **This check fails:**\n\n${lines.join('\n')}`] : verdictLines(entries, 'full');
}

function tableLines(entries: readonly Entry[]): string[] {
  if (!entries.length) return [];
  const lines = ['| workspace | add | change | destroy | flags |', '|---|---:|---:|---:|---|'];
  for (const { p, row } of entries) {
    const counts = row.state === 'planned' ? [row.summary.add, row.summary.change, row.summary.destroy] : ['–', '–', '–'];
    lines.push(`| ${label(p.workspace)} | ${counts.join(' | ')} | ${flags(p, row)} |`);
  }
  return lines;
}

/** Without a table, the notable workspaces the verdict does not name yet: every name listed. */
function notableLists(entries: readonly Entry[]): string[] {
  const groups: [string, Entry[]][] = [
    [
      '⚠️ destroys data, allowed by `decommission: true`',
      entries.filter(({ row }) => row.state === 'planned' && !row.blocked && row.summary.dataLoss.length > 0),
    ],
    ['✋ local state: not planned in CI, apply by hand', entries.filter(({ row }) => row.state === 'manual')],
  ];
  return groups.filter(([, list]) => list.length).map(([what, list]) => `- ${what} (${list.length}): ${names(list)}`);
}

/**
 * The workspaces that plan no data loss, grouped by their add / change / destroy counts
 * (a tier edit gives hundreds the same counts), in at most `budget` characters: names
 * that do not fit are counted instead, and are in the run's artifacts.
 */
function benignLines(entries: readonly Entry[], budget: number): string[] {
  if (!entries.length) return [];
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    if (e.row.state !== 'planned') continue;
    const { add, change, destroy } = e.row.summary;
    const key = e.p.exitCode === 0 ? 'no changes' : `${add} to add, ${change} to change, ${destroy} to destroy`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  const head = `**${entries.length} more workspace${entries.length === 1 ? '' : 's'}, no data store destroyed or replaced:**`;
  const lines = [head, ''];
  let room = budget - head.length - 2;
  for (const [key, list] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    const intro = `- ${key} (${list.length}): `;
    const full = `${intro}${names(list)}`;
    if (full.length + 1 <= room) {
      lines.push(full);
      room -= full.length + 1;
      continue;
    }
    let shown = 0;
    let text = intro;
    for (const { p } of list) {
      const next = `${shown ? ', ' : ''}\`${p.workspace.workspace}\``;
      if (text.length + next.length + 50 > room) break;
      text += next;
      shown++;
    }
    const rest = `${shown ? ', ' : ''}… and ${list.length - shown} more (in the run's artifacts)`;
    lines.push(`${text}${rest}`);
    room -= text.length + rest.length + 1;
  }
  return lines;
}

const DETAIL_PRIORITY: Record<Row['state'], number> = { failed: 0, planned: 2, manual: 3 };

/**
 * The pull-request comment: a table row per changed workspace (apply order, removed last)
 * and each plan collapsed below it. A plan that would destroy or replace a data store
 * blocks the check unless that customer is being decommissioned. It stays within GitHub's
 * 65,536 characters for any number of workspaces while naming every one that fails or
 * destroys data: the plans are shortened (and left out) first, then the table keeps only
 * those, the others grouped by counts, then even those rows become name lists.
 */
export function renderPlanComment(plans: readonly WorkspacePlan[], opts: PlanCommentOptions = {}): PlanComment {
  const entries: Entry[] = plans.map((p) => ({ p, row: rowOf(p) }));
  const blocked = entries.filter(({ row }) => row.state === 'planned' && row.blocked).map(({ p }) => p.workspace.workspace);
  const failed = entries.filter(({ row }) => row.state === 'failed').map(({ p }) => p.workspace.workspace);
  const from = opts.commit ? ` of \`${opts.commit.slice(0, 12)}\`` : '';
  const title = [PLAN_COMMENT_MARKER, `### Terraform plan${from}: ${plans.length} workspace${plans.length === 1 ? '' : 's'} changed`, ''];

  if (!plans.length)
    return {
      markdown: [...title, 'No generated workspace differs from the base branch: nothing to plan.', ''].join('\n'),
      blocked,
      failed,
    };

  const cost = opts.cost ? ['', ...renderCostSection(opts.cost)] : [];
  const size = (lines: readonly string[]): number => lines.reduce((n, l) => n + l.length + 1, 0);
  const shown = (detail: Detail): { head: string[]; benign: Entry[] } => {
    const listed = detail.table === 'all' ? entries : entries.filter(notable);
    const table = detail.table === 'none' ? notableLists(listed) : tableLines(listed);
    const inTable = new Set(listed);
    return {
      head: [...title, ...verdictLines(entries, detail.verdict), '', ...table],
      benign: entries.filter((e) => !inTable.has(e)),
    };
  };
  const room = BODY_BUDGET_CHARS - size(cost) - (opts.runUrl ? 200 : 0);
  const detail =
    DETAILS.find((d) => size(shown(d).head) + (d.table === 'all' ? 0 : BENIGN_MIN_CHARS) <= room) ?? DETAILS[DETAILS.length - 1];
  const { head, benign } = shown(detail);
  const lines = [...head];
  if (benign.length) lines.push('', ...benignLines(benign, room - size(head)));
  lines.push(...cost);

  const items = entries
    .filter(({ p }) => p.text !== undefined)
    .map(({ p, row }) => ({
      summary: `<code>${p.workspace.workspace}</code>: ${planTitle(p, row)}`,
      text: p.text ?? '',
      priority: row.state === 'planned' && row.summary.dataLoss.length ? 1 : DETAIL_PRIORITY[row.state],
    }));
  const artifacts = `artifacts \`${ARTIFACT_PREFIX.plan}-slice-*\`, one \`${ARTIFACT_PREFIX.plan}-<workspace>\` folder per workspace`;
  const footFor = (omitted: number): string =>
    [
      omitted ? `${omitted} more plan${omitted === 1 ? ' is' : 's are'} not shown here, to stay within GitHub's comment size.` : '',
      opts.runUrl ? `Full plans: [workflow run](${opts.runUrl}) (${artifacts}).` : '',
    ]
      .filter(Boolean)
      .join(' ')
      .concat(omitted || opts.runUrl ? '\n' : '');
  const sections = collapsedBlocks(items, size(lines) + footFor(items.length).length + 1);
  return { markdown: [...lines, '', ...sections.blocks.flatMap((s) => [s, '']), footFor(sections.omitted)].join('\n'), blocked, failed };
}

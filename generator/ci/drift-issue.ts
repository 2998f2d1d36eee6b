import { BODY_BUDGET_CHARS, collapsedBlocks } from './markdown';
import type { PlanResult } from './plan-artifacts';
import { classifyPlan } from './plan-classify';
import type { IndexedWorkspace } from './workspace-index';

/** Room for the line counting the plans left out. */
const OMITTED_NOTE_CHARS = 80;

/** Hidden line the drift workflow finds its open issue by. */
export const DRIFT_ISSUE_MARKER = '<!-- tenant-workspaces:drift -->';

/** A workspace with what its scheduled plan left. */
export interface WorkspaceDrift extends PlanResult {
  readonly workspace: IndexedWorkspace;
}

export interface DriftIssue {
  readonly markdown: string;
  /** Workspaces whose real infrastructure differs from the committed configuration. */
  readonly drifted: readonly string[];
  /** Workspaces that could not be planned, so drift is unknown. */
  readonly failed: readonly string[];
}

function status(r: WorkspaceDrift): 'clean' | 'drifted' | 'failed' {
  if (r.exitCode === 0) return 'clean';
  return r.exitCode === 2 ? 'drifted' : 'failed';
}

/**
 * The body of the one open drift issue: which workspaces differ (`plan -detailed-exitcode`
 * 2) or could not be planned, each plan collapsed below.
 */
export function renderDriftIssue(results: readonly WorkspaceDrift[], opts: { readonly runUrl?: string } = {}): DriftIssue {
  const drifted = results.filter((r) => status(r) === 'drifted');
  const failed = results.filter((r) => status(r) === 'failed');
  const run = opts.runUrl ? ` ([run](${opts.runUrl}))` : '';
  const head = [DRIFT_ISSUE_MARKER];
  if (!drifted.length && !failed.length) {
    head.push(`No drift: all ${results.length} workspaces match their committed configuration${run}.`, '');
    return { markdown: head.join('\n'), drifted: [], failed: [] };
  }
  head.push(
    `Scheduled drift check${run}: ${drifted.length} of ${results.length} workspaces differ from their committed configuration${failed.length ? `, ${failed.length} could not be planned` : ''}.`,
    '',
  );
  const rows = ['| workspace | state | add | change | destroy |', '|---|---|---:|---:|---:|'];
  for (const r of [...drifted, ...failed]) {
    const s = r.plan && status(r) === 'drifted' ? classifyPlan(r.plan) : undefined;
    const counts = s ? [s.add, s.change, s.destroy] : ['–', '–', '–'];
    rows.push(`| \`${r.workspace.workspace}\` | ${status(r) === 'drifted' ? 'drifted' : '❌ plan failed'} | ${counts.join(' | ')} |`);
  }
  const foot =
    "Resolve each one by applying the committed configuration by hand (the workspace's README) or by committing the change that explains it. Every drift run updates this issue and closes it once no drift is left.\n";
  // A fleet-wide drift lists the names alone: every one stays named within GitHub's body size.
  const names = (list: readonly WorkspaceDrift[]): string => list.map((r) => `\`${r.workspace.workspace}\``).join(', ');
  const fits = [...head, ...rows].join('\n').length + foot.length <= BODY_BUDGET_CHARS;
  head.push(
    ...(fits
      ? rows
      : [
          ...(drifted.length ? [`- drifted (${drifted.length}): ${names(drifted)}`] : []),
          ...(failed.length ? [`- ❌ plan failed (${failed.length}): ${names(failed)}`] : []),
        ]),
  );
  const sections = collapsedBlocks(
    [...drifted, ...failed]
      .filter((r) => r.text !== undefined)
      .map((r) => ({ summary: `<code>${r.workspace.workspace}</code>`, text: r.text ?? '' })),
    head.join('\n').length + foot.length + OMITTED_NOTE_CHARS,
  );
  const omitted = sections.omitted
    ? [`${sections.omitted} more plan${sections.omitted === 1 ? ' is' : 's are'} not shown here: they are in the run's artifacts.`, '']
    : [];
  return {
    markdown: [...head, '', ...sections.blocks.flatMap((s) => [s, '']), ...omitted, foot].join('\n'),
    drifted: drifted.map((r) => r.workspace.workspace),
    failed: failed.map((r) => r.workspace.workspace),
  };
}

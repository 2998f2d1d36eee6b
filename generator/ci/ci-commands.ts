import type { CostDiff } from '../cost/diff';
import { EXPECTED_FILES, UsageError, usageIssues } from '../errors';
import { checkInputFolder, readInputJson, readInputText, writeOutputText } from '../input-files';
import { applyBatches, type Batches, type BatchWorkflow, driftBatches, planBatches } from './batches';
import { renderDriftIssue } from './drift-issue';
import { ARTIFACT_PREFIX, parsePlanJson, readChangedReport, readPlanResult } from './plan-artifacts';
import { blocksOnDataLoss, classifyPlan } from './plan-classify';
import { renderPlanComment } from './plan-comment';
import { byApplyOrder, indexed, readWorkspaceIndex, WORKSPACE_INDEX_PATH } from './workspace-index';

/** What a CI command wants the process to exit with: 1 fails the workflow step. */
export type ExitCode = 0 | 1;

export interface PlanCommentArgs {
  /** `changed --json` output. */
  readonly changed: string;
  /** Folder the plan artifacts were downloaded into. */
  readonly plans: string;
  /** Where to write the comment's markdown. */
  readonly out: string;
  readonly runUrl?: string;
  readonly commit?: string;
  /** `cost --base <ref> --json` output: adds the monthly estimate before → after. */
  readonly cost?: string;
}

const isUsd = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** The `cost --base <ref> --json` output a previous job saved, checked for the fields the comment prints. */
export function readCostDiff(file: string): CostDiff {
  const diff = readInputJson(file, EXPECTED_FILES.costDiff) as any;
  const bad = (path: string, message: string, value?: unknown): never => {
    throw new UsageError(usageIssues.costDiffField(file, path, message, value));
  };
  if (typeof diff !== 'object' || diff === null || Array.isArray(diff)) bad('(root)', 'not a JSON object', diff);
  for (const key of ['base', 'region', 'pricesDate'] as const) if (typeof diff[key] !== 'string') bad(key, 'must be a string', diff[key]);
  if (!isUsd(diff.fleet?.beforeUsd) || !isUsd(diff.fleet?.afterUsd)) bad('fleet', 'needs beforeUsd and afterUsd (numbers)', diff.fleet);
  if (!Array.isArray(diff.workspaces)) bad('workspaces', 'must be a list', diff.workspaces);
  (diff.workspaces as unknown[]).forEach((w: any, i) => {
    const ok =
      typeof w?.workspace === 'string' &&
      (w.beforeUsd === undefined || isUsd(w.beforeUsd)) &&
      (w.afterUsd === undefined || isUsd(w.afterUsd));
    if (!ok) bad(`workspaces[${i}]`, 'needs workspace (a string), and beforeUsd / afterUsd as numbers when present', w);
  });
  return diff as CostDiff;
}

/** Writes the pull-request comment; 1 when a plan failed or would lose data without decommission. */
export function planCommentCommand(args: PlanCommentArgs): { exitCode: ExitCode; summary: string } {
  const report = readChangedReport(args.changed);
  checkInputFolder(args.plans, EXPECTED_FILES.artifacts);
  const plans = [...report.changed, ...report.removed].map((workspace) => ({
    workspace,
    ...readPlanResult(args.plans, ARTIFACT_PREFIX.plan, workspace.workspace),
  }));
  const cost = args.cost ? readCostDiff(args.cost) : undefined;
  const comment = renderPlanComment(plans, { runUrl: args.runUrl, commit: args.commit, cost });
  writeOutputText(args.out, comment.markdown, EXPECTED_FILES.markdownOut);
  const problems = [
    ...comment.blocked.map((w) => `${w}: destroys data without decommission`),
    ...comment.failed.map((w) => `${w}: plan failed`),
  ];
  return {
    exitCode: problems.length ? 1 : 0,
    summary: problems.length ? problems.join('\n') : `${plans.length} workspace plan(s), no unapproved data loss`,
  };
}

/** Checks one plan before apply with the same rule as the pull request; 1 when it would lose data without decommission. */
export function planCheckCommand(args: { readonly changed: string; readonly workspace: string; readonly plan: string }): {
  exitCode: ExitCode;
  summary: string;
} {
  const report = readChangedReport(args.changed);
  const entry = [...report.changed, ...report.removed].find((w) => w.workspace === args.workspace);
  if (!entry)
    throw new UsageError(
      usageIssues.noSuchWorkspace(
        args.changed,
        args.workspace,
        [...report.changed, ...report.removed].map((w) => w.workspace),
      ),
    );
  const summary = classifyPlan(parsePlanJson(readInputText(args.plan, EXPECTED_FILES.planJson), args.plan));
  const counts = `${args.workspace}: ${summary.add} to add, ${summary.change} to change, ${summary.destroy} to destroy`;
  const losses = summary.dataLoss.map((d) => `  ${d.action}: ${d.address}`).join('\n');
  if (blocksOnDataLoss(summary, entry.decommission)) {
    return {
      exitCode: 1,
      summary: `${counts}\nrefusing to apply: it would destroy data and ${entry.customer ? `customers/${entry.customer}/config.json does not say "decommission": true` : `${entry.kind} has no decommission switch`}\n${losses}`,
    };
  }
  return { exitCode: 0, summary: summary.dataLoss.length ? `${counts}\ndestroys data, allowed by decommission: true\n${losses}` : counts };
}

/** Writes the drift issue body for every remote-state workspace of the index; 1 when any drifted or failed to plan. */
export function driftReportCommand(
  root: string,
  args: { readonly plans: string; readonly out: string; readonly runUrl?: string },
): { exitCode: ExitCode; summary: string } {
  const index = readWorkspaceIndex(root);
  checkInputFolder(args.plans, EXPECTED_FILES.artifacts);
  const results = [...index.keys()]
    .map((w) => indexed(index, w, WORKSPACE_INDEX_PATH))
    .filter((w) => w.stateKey)
    .sort(byApplyOrder)
    .map((workspace) => ({ workspace, ...readPlanResult(args.plans, ARTIFACT_PREFIX.drift, workspace.workspace) }));
  const issue = renderDriftIssue(results, { runUrl: args.runUrl });
  writeOutputText(args.out, issue.markdown, EXPECTED_FILES.markdownOut);
  const problems = [...issue.drifted.map((w) => `${w}: drifted`), ...issue.failed.map((w) => `${w}: plan failed`)];
  return { exitCode: problems.length ? 1 : 0, summary: problems.length ? problems.join('\n') : `no drift in ${results.length} workspaces` };
}

/**
 * The job matrices of a plan, apply or drift run: at most `maxJobs` slices of workspaces
 * (see batches.ts). Plan and apply split `changed --json` output, drift every remote-state
 * workspace of the index.
 */
export function ciBatchesCommand(
  root: string,
  args: { readonly workflow: BatchWorkflow; readonly maxJobs: number; readonly changed?: string },
): Batches {
  if (args.workflow === 'drift') {
    const index = readWorkspaceIndex(root);
    return driftBatches(
      [...index.keys()].map((w) => indexed(index, w, WORKSPACE_INDEX_PATH)),
      args.maxJobs,
    );
  }
  if (!args.changed) throw new UsageError(usageIssues.changedOptionMissing(`ci-batches ${args.workflow}`));
  const report = readChangedReport(args.changed);
  return args.workflow === 'plan' ? planBatches(report, args.maxJobs) : applyBatches(report, args.maxJobs);
}

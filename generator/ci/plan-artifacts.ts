import { join } from 'node:path';
import { EXPECTED_FILES, UsageError, usageIssues } from '../errors';
import { parseInputJson, readInputText } from '../input-files';
import type { ChangedReport } from './changed-report';
import type { TerraformPlanJson } from './plan-classify';

/**
 * What a plan job leaves per workspace, in an artifact named `<prefix>-<workspace>`: the
 * workflow templates receive these names, so the jobs and this reader cannot drift apart.
 */
export const PLAN_FILES = {
  /** `terraform show -json tfplan`. */
  json: 'plan.json',
  /** `terraform show -no-color tfplan`, or the error output of a failed init or plan. */
  text: 'plan.txt',
  /** `terraform plan -detailed-exitcode`: 0 no changes, 1 failed, 2 changes. */
  exitCode: 'exitcode',
} as const;

export const ARTIFACT_PREFIX = { plan: 'plan', drift: 'drift' } as const;

/** One workspace's plan as read back from its artifact; every field is absent when the job left nothing. */
export interface PlanResult {
  readonly exitCode?: number;
  readonly plan?: TerraformPlanJson;
  readonly text?: string;
}

/** `plan -detailed-exitcode`'s code as the job wrote it (`echo "$code" > exitcode`); anything else fails closed. */
function parseExitCode(text: string, file: string): number {
  if (!/^\s*\d{1,3}\s*$/.test(text)) throw new UsageError(usageIssues.badExitCode(file, text));
  return Number(text.trim());
}

/**
 * Reads `<dir>/<prefix>-<workspace>/` as download-artifact lays it out. A file the job did
 * not leave is absent; one that is there but is a directory, unreadable, empty (the JSON and
 * the exit code) or malformed is a UsageError naming it.
 */
export function readPlanResult(dir: string, prefix: string, workspace: string): PlanResult {
  const folder = join(dir, `${prefix}-${workspace}`);
  const file = (name: string): string => join(folder, name);
  const exitCode = readInputText(file(PLAN_FILES.exitCode), EXPECTED_FILES.planExitCode, { optional: true, allowEmpty: true });
  const json = readInputText(file(PLAN_FILES.json), EXPECTED_FILES.planJson, { optional: true });
  return {
    exitCode: exitCode === undefined ? undefined : parseExitCode(exitCode, file(PLAN_FILES.exitCode)),
    plan: json === undefined ? undefined : parsePlanJson(json, file(PLAN_FILES.json)),
    text: readInputText(file(PLAN_FILES.text), EXPECTED_FILES.planText, { optional: true, allowEmpty: true }),
  };
}

/**
 * `terraform show -json` output, checked for the fields the plan rules read: a truncated
 * or foreign file is a clear error (exit 1, so a check fails closed), never a crash.
 */
export function parsePlanJson(text: string, where: string): TerraformPlanJson {
  const plan: any = parseInputJson(text, where, EXPECTED_FILES.planJson);
  if (typeof plan !== 'object' || plan === null || Array.isArray(plan)) throw new UsageError(usageIssues.planNotAnObject(where, plan));
  const changes = plan.resource_changes;
  if (changes !== undefined && !Array.isArray(changes))
    throw new UsageError(usageIssues.planField(where, 'resource_changes', 'not a list', changes));
  (changes ?? []).forEach((rc: any, i: number) => {
    const ok =
      typeof rc?.address === 'string' &&
      typeof rc.type === 'string' &&
      typeof rc.mode === 'string' &&
      Array.isArray(rc.change?.actions) &&
      rc.change.actions.every((a: unknown) => typeof a === 'string');
    if (!ok)
      throw new UsageError(usageIssues.planField(where, `resource_changes[${i}]`, 'needs address, type, mode and change.actions', rc));
  });
  return plan as TerraformPlanJson;
}

/** Reads the `changed --json` output a previous job saved. */
export function readChangedReport(file: string): ChangedReport {
  const report = parseInputJson(readInputText(file, EXPECTED_FILES.changedReport), file, EXPECTED_FILES.changedReport) as ChangedReport;
  if (!Array.isArray(report?.changed) || !Array.isArray(report.removed))
    throw new UsageError(usageIssues.changedReportField(file, 'changed, removed', 'missing'));
  for (const [key, list] of [
    ['changed', report.changed],
    ['removed', report.removed],
  ] as const)
    list.forEach((w, i) => {
      if (typeof w?.workspace !== 'string' || typeof w.wave !== 'number')
        throw new UsageError(usageIssues.changedReportField(file, `${key}[${i}]`, 'needs workspace and wave', w));
    });
  return report;
}

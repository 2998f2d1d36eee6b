import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, usageIssues } from '../errors';
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

function readIfPresent(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** Reads `<dir>/<prefix>-<workspace>/` as download-artifact lays it out. */
export function readPlanResult(dir: string, prefix: string, workspace: string): PlanResult {
  const folder = join(dir, `${prefix}-${workspace}`);
  const exitCode = readIfPresent(join(folder, PLAN_FILES.exitCode));
  const json = readIfPresent(join(folder, PLAN_FILES.json));
  return {
    exitCode: exitCode === undefined ? undefined : Number(exitCode.trim()),
    plan: json === undefined ? undefined : parsePlanJson(json, join(folder, PLAN_FILES.json)),
    text: readIfPresent(join(folder, PLAN_FILES.text)),
  };
}

/**
 * `terraform show -json` output, checked for the fields the plan rules read: a truncated
 * or foreign file is a clear error (exit 1, so a check fails closed), never a crash.
 */
export function parsePlanJson(text: string, where: string): TerraformPlanJson {
  let plan: any;
  try {
    plan = JSON.parse(text);
  } catch (err) {
    throw new UsageError(usageIssues.malformedPlan(where, (err as Error).message));
  }
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
  const text = readIfPresent(file);
  if (text === undefined) throw new UsageError(usageIssues.changedReportNotFound(file));
  let report: ChangedReport;
  try {
    report = JSON.parse(text) as ChangedReport;
  } catch (err) {
    throw new UsageError(usageIssues.malformedChangedReport(file, (err as Error).message));
  }
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

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../cli-support';
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
    plan: json === undefined ? undefined : (JSON.parse(json) as TerraformPlanJson),
    text: readIfPresent(join(folder, PLAN_FILES.text)),
  };
}

/** Reads the `changed --json` output a previous job saved. */
export function readChangedReport(file: string): ChangedReport {
  const text = readIfPresent(file);
  const allowed = '  allowed:  the output of npm run -s changed -- --base <ref> --json';
  if (text === undefined) throw new UsageError(`${file}: file not found\n${allowed}`);
  let report: ChangedReport;
  try {
    report = JSON.parse(text) as ChangedReport;
  } catch (err) {
    throw new UsageError(`${file}: malformed JSON (${(err as Error).message})\n${allowed}`);
  }
  if (!Array.isArray(report?.changed) || !Array.isArray(report.removed))
    throw new UsageError(`${file}: changed, removed: missing\n${allowed}`);
  return report;
}

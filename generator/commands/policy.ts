import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULES } from '../../modules/policy/rules';
import type { PolicyRule } from '../../modules/policy/types';
import type { Model } from '../model';
import { formatFinding, type PolicyReport, runPolicy } from '../policy';
import { synthesizeBatch } from '../stack-batch';
import { batchesOf, DEFAULT_BATCH_SIZE } from '../synth-workers';
import { stackFile, workspaceJobs } from '../workspace-jobs';

/** Synthesizes into a scratch folder (the repository is not touched), one bounded batch at a time, and runs the pack on every workspace. */
export function policyReport(model: Model): PolicyReport {
  const scratch = mkdtempSync(join(tmpdir(), 'tw-policy-'));
  try {
    const jobs = workspaceJobs(model);
    const built = new Map(
      batchesOf(jobs, DEFAULT_BATCH_SIZE).flatMap((batch) => synthesizeBatch(batch, scratch).map((w) => [w.workspace, w])),
    );
    return runPolicy(
      model,
      jobs.map((job) => ({
        workspace: job.workspace,
        kind: job.index.kind,
        customer: job.index.customer,
        decommissioning: job.index.decommission,
        stack: JSON.parse(built.get(job.workspace)!.files[stackFile(job.workspace)]) as Record<string, unknown>,
      })),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The README's rule table: id, Checkov id, severity, waivable, what it checks. */
export function renderRulesTable(rules: readonly PolicyRule[] = RULES): string {
  const rows = rules.map(
    (r) =>
      `| \`${r.id}\` | ${r.checkov ? `\`${r.checkov}\`` : '–'} | ${r.severity} | ${r.waivable ? 'yes' : '**no**'} | ${r.description} |`,
  );
  return ['| rule | Checkov | severity | waivable | what it checks |', '|---|---|---|---|---|', ...rows].join('\n');
}

/** Every finding with its status, then the details of what fails. */
export function renderPolicyReport(report: PolicyReport, model: Model): string {
  const waiverOf = new Map(report.applied.flatMap((a) => a.findings.map((f) => [f, a.waiver] as const)));
  const lines = [
    `${RULES.length} rules on ${report.workspaces} workspaces: ${report.findings.length} finding(s), ${report.findings.length - report.unwaived.length} waived, ${report.unwaived.length} not waived, ${report.problems.length} invalid waiver(s)`,
    '',
  ];
  for (const f of report.findings) {
    const waiver = waiverOf.get(f);
    lines.push(
      `${f.rule.id.padEnd(13)} ${f.workspace.padEnd(22)} ${(f.resource.path || f.resource.address).padEnd(58)} ${waiver ? `waived by ${waiver.file} ${waiver.path}` : 'NOT WAIVED'}`,
    );
  }
  if (report.unwaived.length) lines.push('', ...report.unwaived.map((f) => `${formatFinding(f, model)}\n`));
  return lines.join('\n').trimEnd();
}

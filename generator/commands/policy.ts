import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULES } from '../../modules/policy/rules';
import type { PolicyRule } from '../../modules/policy/types';
import type { Model } from '../model';
import type { CostSummary } from '../cost/budget-guard';
import { formatFinding, policyOutcome, type PolicyReport, restoreFindings } from '../policy';
import { cachedFindings, planSynth, readStack } from '../synth-plan';
import { batchesOf, synthesizeInWorkers, workerCount } from '../synth-workers';
import { type DerivedWorkspace, workspaceFindings } from '../workspace-derived';

/** The policy pack's report over every workspace, and each workspace's cost (null: no price snapshot for the region). */
export interface WorkspacesReport {
  readonly policy: PolicyReport;
  readonly costs: ReadonlyMap<string, CostSummary | null>;
}

/**
 * The pack on every workspace as synth would write it into `outdir` (generated/ by
 * default), and each workspace's cost, without writing anything: a workspace the synth
 * cache proves current is read back from the output with its cached findings and cost;
 * the others are synthesized, one bounded batch at a time (over worker processes when
 * there are several batches), into a scratch folder that is removed afterwards.
 */
export async function workspacesReport(model: Model, outdir = join(model.root, 'generated')): Promise<WorkspacesReport> {
  const p = planSynth(model, outdir, { incremental: true });
  const built = new Map<string, DerivedWorkspace>();
  if (p.toBuild.length) {
    // cdktf and the provider bindings load only when something is to be synthesized (in this process: one batch).
    const { synthesizeBatch } = await import('../stack-batch');
    const scratch = mkdtempSync(join(tmpdir(), 'tw-policy-'));
    try {
      const batches = batchesOf(p.toBuild, p.batchSize);
      const workers = workerCount();
      const synthesized =
        workers > 1 && batches.length > 1
          ? await synthesizeInWorkers(batches, { workers, scratch, derive: p.derive })
          : batches.flatMap((batch) => synthesizeBatch(batch, scratch, p.derive));
      for (const w of synthesized) built.set(w.workspace, w.derived!);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const costs = new Map<string, CostSummary | null>();
  const findings = p.jobs.flatMap((job) => {
    const fresh = built.get(job.workspace);
    const reused = p.reused.get(job.workspace);
    costs.set(job.workspace, fresh?.cost ?? reused?.cost ?? null);
    return restoreFindings(
      fresh?.findings ?? cachedFindings(reused, p.fleet) ?? workspaceFindings(job, readStack(p.outdir, job.workspace), p.derive),
      job.workspace,
    );
  });
  const policy = policyOutcome(
    model,
    p.jobs.map((j) => j.workspace),
    findings,
  );
  return { policy, costs };
}

/** The policy pack's report alone: see workspacesReport. */
export async function policyReport(model: Model, outdir?: string): Promise<PolicyReport> {
  return (await workspacesReport(model, outdir)).policy;
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

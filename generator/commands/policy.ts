import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RULES } from '../../modules/policy/rules';
import type { PolicyRule } from '../../modules/policy/types';
import type { Model } from '../model';
import { formatFinding, policyOutcome, type PolicyReport, restoreFindings, type StoredFinding } from '../policy';
import { cachedFindings, planSynth, readStack } from '../synth-plan';
import { batchesOf, synthesizeInWorkers, workerCount } from '../synth-workers';
import { workspaceFindings } from '../workspace-derived';

/**
 * The pack on every workspace as synth would write it into `outdir` (generated/ by
 * default), without writing anything: a workspace the synth cache proves current is read
 * back from the output with its cached findings; the others are synthesized, one bounded
 * batch at a time (over worker processes when there are several batches), into a scratch
 * folder that is removed afterwards.
 */
export async function policyReport(model: Model, outdir = join(model.root, 'generated')): Promise<PolicyReport> {
  const p = planSynth(model, outdir, { incremental: true });
  const built = new Map<string, readonly StoredFinding[]>();
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
      for (const w of synthesized) built.set(w.workspace, w.derived!.findings);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
  const findings = p.jobs.flatMap((job) =>
    restoreFindings(
      built.get(job.workspace) ??
        cachedFindings(p.reused.get(job.workspace), p.fleet) ??
        workspaceFindings(job, readStack(p.outdir, job.workspace), p.derive),
      job.workspace,
    ),
  );
  return policyOutcome(
    model,
    p.jobs.map((j) => j.workspace),
    findings,
  );
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

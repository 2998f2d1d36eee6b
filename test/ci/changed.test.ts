import { execFileSync } from 'node:child_process';
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../generator/errors';
import { changedWorkspaces, renderChanged } from '../../generator/commands/changed';
import { applyBatches, planBatches, type Slice } from '../../generator/ci/batches';
import { commit, git, resetToBase, synthesizedBaseRepo } from '../helpers/git-repo';
import { REPO_ROOT, type TempRepo } from '../helpers/repo';

/** Workspaces in apply order that the example customers produce when all of them change. */
function expectedApplyOrder(repo: TempRepo): string[] {
  const customers = repo
    .model()
    .plans.map((p) => p.customer.config)
    .sort((a, b) => a.rolloutWave - b.rolloutWave || a.name.localeCompare(b.name));
  return ['bootstrap', 'platform', ...customers.map((c) => `customer-${c.name}`)];
}

describe('changed: workspaces whose generated Terraform differs from a git ref', () => {
  let repo: TempRepo;

  beforeAll(() => {
    // GIVEN a repository whose base commit holds the synthesized example customers
    repo = synthesizedBaseRepo();
  });

  beforeEach(() => resetToBase(repo));

  afterAll(() => repo.dispose());

  it('reports only the new customer when a customer is added', () => {
    // WHEN a small customer is added, synthesized and committed
    repo.addCustomer('initech', { tier: 'small', domain: 'initech.example.com' });
    repo.synth();
    commit(repo, 'add initech');

    // THEN only its workspace is listed, as added, with its wave
    const report = changedWorkspaces(repo.root, 'base');
    expect(report.changed).toEqual([
      expect.objectContaining({
        workspace: 'customer-initech',
        change: 'added',
        kind: 'customer',
        customer: 'initech',
        wave: 1,
        decommission: false,
      }),
    ]);
    expect(report.removed).toEqual([]);
  });

  it("reports exactly the tier's customers when a tier file changes", () => {
    const small = repo
      .model()
      .plans.filter((p) => p.customer.config.tier === 'small')
      .map((p) => p.customer.config);
    const expected = small.sort((a, b) => a.rolloutWave - b.rolloutWave || a.name.localeCompare(b.name)).map((c) => `customer-${c.name}`);
    expect(expected.length).toBeGreaterThan(1);
    expect(expected.length).toBeLessThan(repo.model().plans.length);

    // WHEN the small tier keeps logs longer
    repo.edit('customers/_tiers/small.json', (t) => (t.logs.retentionDays = 60));
    repo.synth();
    commit(repo, 'small tier: 60 days of logs');

    // THEN the small customers, and nothing else, are modified
    const report = changedWorkspaces(repo.root, 'base');
    expect(report.changed.map((w) => w.workspace)).toEqual(expected);
    expect(report.changed.every((w) => w.change === 'modified')).toBe(true);
  });

  it('reports nothing when only a generated README changes', () => {
    appendFileSync(repo.path('generated/stacks/customer-acme/README.md'), '\nA note for operators.\n');
    commit(repo, 'readme');

    const report = changedWorkspaces(repo.root, 'base');
    expect(report).toMatchObject({ changed: [], removed: [] });
    expect(renderChanged(report)).toMatch(/^no workspace changed against base/);
  });

  it('reports a removed customer separately, with the decommission flag from the base', () => {
    // GIVEN customer2 marked for decommissioning in a commit of its own
    repo.edit('customers/customer2/config.json', (c) => (c.decommission = true));
    repo.synth();
    commit(repo, 'decommission customer2');
    git(repo, 'tag', '-f', 'decommission');

    // WHEN its folder is removed
    repo.remove('customers/customer2');
    repo.synth();
    commit(repo, 'remove customer2');

    // THEN it is removed (not changed), and its last config allowed destroying its data
    const report = changedWorkspaces(repo.root, 'decommission');
    expect(report.changed).toEqual([]);
    expect(report.removed).toEqual([
      expect.objectContaining({ workspace: 'customer-customer2', change: 'removed', wave: 1, decommission: true }),
    ]);
    expect(renderChanged(report)).toMatch(/removed \(plan destroys them\):\n\s+customer-customer2\s+removed\s+wave 1\s+decommission: true/);
    // AND against the original base, where decommission was still false
    expect(changedWorkspaces(repo.root, 'base').removed).toEqual([
      expect.objectContaining({ workspace: 'customer-customer2', decommission: false }),
    ]);
  });

  it('lists bootstrap, platform, then customers by wave and name when everything changes', () => {
    repo.edit('customers/_platform.json', (p) => (p.tags.Team = 'platform-sre'));
    repo.synth();
    commit(repo, 'platform tag');

    const report = changedWorkspaces(repo.root, 'base');
    expect(report.changed.map((w) => w.workspace)).toEqual(expectedApplyOrder(repo));
    const waves = report.changed.map((w) => w.wave);
    expect(new Set(waves.filter((w) => w >= 0)).size).toBeGreaterThan(1);
  });

  it('feeds ci-batches: a platform edit plus a removed customer in at most maxJobs slices, each workspace once, waves apart', () => {
    // GIVEN a platform-wide change (every workspace) and a removed customer, committed
    repo.edit('customers/_platform.json', (p) => (p.tags.Team = 'platform-sre'));
    repo.remove('customers/customer2');
    repo.synth();
    commit(repo, 'platform tag, customer2 removed');
    const report = changedWorkspaces(repo.root, 'base');
    const remote = [...report.changed, ...report.removed].filter((w) => w.stateKey).map((w) => w.workspace);
    expect(report.removed.map((w) => w.workspace)).toEqual(['customer-customer2']);

    // WHEN the real report is sliced for 3 jobs
    const plan = planBatches(report, 3).plan;
    const apply = applyBatches(report, 3);

    // THEN each remote-state workspace is planned and applied exactly once, the removed one with -destroy
    const listed = (slices: readonly Slice[]): string[] => slices.flatMap((s) => s.workspaces.split(' '));
    expect(plan.length).toBeLessThanOrEqual(3);
    expect(listed(plan).sort()).toEqual([...remote].sort());
    expect(plan.flatMap((s) => s.destroy.split(' ').filter(Boolean))).toEqual(['customer-customer2']);
    expect(listed(Object.values(apply).flat()).sort()).toEqual([...remote].sort());
    expect(listed(apply.decommission)).toEqual(['customer-customer2']);
    for (const [group, slices] of Object.entries(apply).filter(([g]) => g.startsWith('wave_')))
      for (const w of listed(slices)) expect(report.changed.find((c) => c.workspace === w)?.wave, w).toBe(Number(group.slice(5)));
  });

  it('reports exactly the workspaces whose output changed when generator code changes', () => {
    // GIVEN a modules/ change that alters two workspaces' Terraform (simulated in the JSON)
    for (const workspace of ['customer-globex', 'platform']) {
      repo.edit(`generated/stacks/${workspace}/cdk.tf.json`, (json) => (json.locals = { revision: 2 }));
    }
    commit(repo, 'modules change');

    expect(changedWorkspaces(repo.root, 'base').changed.map((w) => w.workspace)).toEqual(['platform', 'customer-globex']);
  });

  it('compares the working tree, so uncommitted output counts', () => {
    repo.edit('generated/stacks/customer-acme/cdk.tf.json', (json) => (json.locals = { uncommitted: true }));

    expect(changedWorkspaces(repo.root, 'base').changed.map((w) => w.workspace)).toEqual(['customer-acme']);
  });

  it('fails when the base ref is unknown', () => {
    expect(() => changedWorkspaces(repo.root, 'no-such-ref')).toThrow(UsageError);
    expect(() => changedWorkspaces(repo.root, 'no-such-ref')).toThrow(
      /--base: unknown git ref "no-such-ref"\n {2}allowed: {2}a branch, tag or commit/,
    );
  });

  it('fails when generated/workspaces.json is missing for changed workspaces', () => {
    repo.edit('generated/stacks/customer-acme/cdk.tf.json', (json) => (json.locals = { x: 1 }));
    rmSync(repo.path('generated/workspaces.json'));

    expect(() => changedWorkspaces(repo.root, 'base')).toThrow(
      /generated\/workspaces\.json: \(root\): file not found\n {2}allowed: {2}the index written by npm run synth\n {2}code: {5}file\.missing/,
    );
  });

  it('prints JSON through the CLI, and exits 1 without a stack trace on an unknown ref', () => {
    writeFileSync(join(repo.root, 'generated', 'stacks', 'platform', 'cdk.tf.json'), '{}\n');
    const cli = (...args: string[]) => {
      try {
        return {
          code: 0,
          stdout: execFileSync(
            join(REPO_ROOT, 'node_modules', '.bin', 'tsx'),
            [join(REPO_ROOT, 'generator', 'cli.ts'), '--root', repo.root, 'changed', ...args],
            { encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] },
          ),
          stderr: '',
        };
      } catch (err) {
        const e = err as { status: number; stdout: string; stderr: string };
        return { code: e.status, stdout: e.stdout, stderr: e.stderr };
      }
    };

    const ok = cli('--base', 'base', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      base: 'base',
      changed: [{ workspace: 'platform', change: 'modified', kind: 'platform', wave: -1 }],
      removed: [],
    });

    const bad = cli('--base', 'no-such-ref');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--base: unknown git ref "no-such-ref"');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { applyBatches, type Batches, driftBatches, planBatches, type Slice, slicesPerGroup, splitEvenly } from '../../generator/ci/batches';
import type { ChangedReport, ChangedWorkspace } from '../../generator/ci/changed-report';
import { cli, STACK_TRACE } from '../helpers/cli';
import { TempRepo } from '../helpers/repo';

/** A deterministic pseudo-random sequence, so a failure can be replayed. */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

function customer(name: string, wave: number, change: ChangedWorkspace['change'] = 'modified'): ChangedWorkspace {
  return { workspace: `customer-${name}`, kind: 'customer', customer: name, wave, stateKey: `customers/${name}/terraform.tfstate`, change };
}

/** A fleet-wide change: bootstrap, platform and `changed` customers over waves 0-3, plus `removed` decommissioned ones. */
function fleetReport(changed: number, removed = 0, seed = 1): ChangedReport {
  const random = seeded(seed);
  const customers = Array.from({ length: changed }, (_, i) => customer(`c${String(i).padStart(4, '0')}`, Math.floor(random() * 4)));
  return {
    base: 'origin/main',
    baseCommit: '0'.repeat(40),
    changed: [
      { workspace: 'bootstrap', kind: 'bootstrap', wave: -2, change: 'modified' },
      { workspace: 'platform', kind: 'platform', wave: -1, stateKey: 'platform/terraform.tfstate', change: 'modified' },
      ...customers,
    ],
    removed: Array.from({ length: removed }, (_, i) => ({ ...customer(`gone${i}`, 1, 'removed'), decommission: true })),
  };
}

const all = (batches: Batches): Slice[] => Object.values(batches).flat();
const names = (slices: readonly Slice[]): string[] => slices.flatMap((s) => s.workspaces.split(' ').filter(Boolean));
const jobs = (batches: Batches): number => all(batches).length;

describe('slicing the workspaces of a run into at most ci.maxJobs jobs', () => {
  it('plans 1,000 changed workspaces in at most 20 jobs, each exactly once, none for the local-state bootstrap', () => {
    // GIVEN a tier edit that changes 1,000 customers and the platform
    const report = fleetReport(1000);

    // WHEN the plan run is sliced for at most 20 jobs
    const { plan } = planBatches(report, 20);

    // THEN there are 20 slices of 50 or 51, and every remote-state workspace is in exactly one
    expect(plan).toHaveLength(20);
    expect(plan.map((s) => s.count).sort()).toEqual([...Array(19).fill(50), 51].sort());
    const planned = names(plan);
    expect(planned).toHaveLength(1001);
    expect(new Set(planned).size).toBe(1001);
    expect(planned.sort()).toEqual(
      report.changed
        .filter((w) => w.stateKey)
        .map((w) => w.workspace)
        .sort(),
    );
    expect(planned).not.toContain('bootstrap');
    plan.forEach((s, i) => {
      expect(s).toMatchObject({ slice: i + 1, of: 20, destroy: '' });
      expect(s.workspaces.split(' ')).toHaveLength(s.count);
    });
  });

  it('plans removed workspaces with -destroy in the same slices, each exactly once', () => {
    const report = fleetReport(600, 37);
    const { plan } = planBatches(report, 20);
    expect(plan.length).toBeLessThanOrEqual(20);
    const planned = names(plan);
    expect(planned).toHaveLength(601 + 37);
    expect(new Set(planned).size).toBe(planned.length);
    const destroyed = plan.flatMap((s) => s.destroy.split(' ').filter(Boolean));
    expect(destroyed.sort()).toEqual(report.removed.map((w) => w.workspace).sort());
    // A slice's destroy list is a subset of its own workspaces.
    for (const s of plan) for (const w of s.destroy.split(' ').filter(Boolean)) expect(s.workspaces.split(' ')).toContain(w);
    expect(Math.max(...plan.map((s) => s.count)) - Math.min(...plan.map((s) => s.count))).toBeLessThanOrEqual(1);
  });

  it('applies wave by wave: slices never mix waves, all groups together use at most maxJobs jobs', () => {
    // GIVEN 1,000 changed customers over waves 0-3, the platform and 12 removed customers
    const report = fleetReport(1000, 12);

    // WHEN the apply run is sliced for at most 20 jobs
    const batches = applyBatches(report, 20);

    // THEN platform, each wave and decommission are separate groups within the budget
    expect(Object.keys(batches)).toEqual(['platform', 'wave_0', 'wave_1', 'wave_2', 'wave_3', 'decommission']);
    expect(jobs(batches)).toBeLessThanOrEqual(20);
    expect(names(batches.platform)).toEqual(['platform']);
    for (let n = 0; n <= 3; n++) {
      const wave = report.changed.filter((w) => w.kind === 'customer' && w.wave === n).map((w) => w.workspace);
      expect(names(batches[`wave_${n}`]).sort()).toEqual(wave.sort());
      for (const s of batches[`wave_${n}`]) expect(s.destroy).toBe('');
    }
    expect(names(batches.decommission).sort()).toEqual(report.removed.map((w) => w.workspace).sort());
    expect(batches.decommission.every((s) => s.destroy === s.workspaces)).toBe(true);
    const applied = names(all(batches));
    expect(applied).toHaveLength(1001 + 12);
    expect(new Set(applied).size).toBe(applied.length);
  });

  it('gives an empty group no slice, and waves up to the highest changed one', () => {
    const report: ChangedReport = { ...fleetReport(0), changed: [customer('late', 2)] };
    const batches = applyBatches(report, 20);
    expect(batches).toEqual({
      platform: [],
      wave_0: [],
      wave_1: [],
      wave_2: [{ slice: 1, of: 1, count: 1, workspaces: 'customer-late', destroy: '' }],
      decommission: [],
    });
  });

  it('is deterministic: the same report in another order gives the same slices', () => {
    const report = fleetReport(300, 5, 7);
    const shuffled: ChangedReport = { ...report, changed: [...report.changed].reverse(), removed: [...report.removed].reverse() };
    expect(planBatches(shuffled, 16)).toEqual(planBatches(report, 16));
    expect(applyBatches(shuffled, 16)).toEqual(applyBatches(report, 16));
  });

  it('never makes more slices than workspaces, nor an empty slice', () => {
    const { plan } = planBatches(fleetReport(3), 20);
    expect(plan.map((s) => s.count)).toEqual([1, 1, 1, 1]);
    expect(planBatches(fleetReport(0), 20).plan.map((s) => s.workspaces)).toEqual(['platform']);
    expect(planBatches({ ...fleetReport(0), changed: [] }, 20)).toEqual({ plan: [] });
  });

  it('drift checks every remote-state workspace of the index, each exactly once', () => {
    const index = fleetReport(999).changed;
    const { drift } = driftBatches(index, 20);
    expect(drift).toHaveLength(20);
    expect(names(drift).sort()).toEqual(
      index
        .filter((w) => w.stateKey)
        .map((w) => w.workspace)
        .sort(),
    );
  });

  it('shares the budget by size: the slowest job is as short as the budget allows', () => {
    expect(slicesPerGroup([1, 400, 200, 0, 100], 20)).toEqual([1, 11, 5, 0, 3]);
    expect(slicesPerGroup([5, 5, 5], 2)).toEqual([1, 1, 1]);
    expect(slicesPerGroup([2, 3], 100)).toEqual([2, 3]);
    expect(splitEvenly([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([
      [1, 2, 3],
      [4, 5],
      [6, 7],
    ]);
  });

  it('holds for random fleets and budgets: at most maxJobs slices, every workspace once, waves apart', () => {
    const random = seeded(42);
    for (let run = 0; run < 40; run++) {
      const maxJobs = 1 + Math.floor(random() * 64);
      const report = fleetReport(Math.floor(random() * 1200), Math.floor(random() * 20), run + 1);
      const plan = planBatches(report, maxJobs);
      expect(jobs(plan)).toBeLessThanOrEqual(maxJobs);
      expect(names(all(plan)).sort()).toEqual(
        [...report.changed, ...report.removed]
          .filter((w) => w.stateKey)
          .map((w) => w.workspace)
          .sort(),
      );
      const apply = applyBatches(report, maxJobs);
      const groups = Object.values(apply).filter((g) => g.length).length;
      expect(jobs(apply)).toBeLessThanOrEqual(Math.max(maxJobs, groups));
      expect(names(all(apply)).sort()).toEqual(names(all(plan)).sort());
    }
  });
});

describe('npm run ci-batches', () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.dispose());

  it('prints the plan matrix of a changed report as JSON', async () => {
    repo = new TempRepo({ withExamples: false }).write('changed.json', fleetReport(600, 3));
    const r = await cli(['ci-batches', 'plan', '--changed', repo.path('changed.json'), '--max-jobs', '20']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { plan } = JSON.parse(r.stdout) as Batches;
    expect(plan).toHaveLength(20);
    expect(names(plan)).toHaveLength(604);
  });

  it('prints the drift matrix of every remote-state workspace of a synthesized repo', async () => {
    repo = new TempRepo();
    repo.synth();
    const index = repo.read('generated/workspaces.json').workspaces as Record<string, { stateKey?: string }>;
    const r = await cli(['--root', repo.root, 'ci-batches', 'drift', '--max-jobs', '3']);
    expect(r.code).toBe(0);
    const { drift } = JSON.parse(r.stdout) as Batches;
    expect(drift).toHaveLength(3);
    expect(names(drift).sort()).toEqual(
      Object.entries(index)
        .filter(([, w]) => w.stateKey)
        .map(([w]) => w)
        .sort(),
    );
    expect(names(drift)).not.toContain('bootstrap');
  });

  it('fails without --changed for plan, naming the option and what it expects', async () => {
    const r = await cli(['ci-batches', 'apply', '--max-jobs', '20']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--changed: ci-batches apply needs --changed <file>');
    expect(r.stderr).toContain('the output of npm run -s changed -- --base <ref> --json');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('fails on a --max-jobs that is not a whole number of at least 1', async () => {
    const r = await cli(['ci-batches', 'drift', '--max-jobs', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"0" is not a whole number of at least 1');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});

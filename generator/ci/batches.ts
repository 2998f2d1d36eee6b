import type { ChangedReport, ChangedWorkspace } from './changed-report';
import { byApplyOrder, type IndexedWorkspace } from './workspace-index';

/**
 * One entry of a job matrix: a slice of workspaces that one job plans, applies or checks,
 * a few at a time (see the workflow templates). GitHub refuses a matrix of more than 256
 * jobs, so a fleet-wide change is split into at most `ci.maxJobs` slices, never into one
 * job per workspace.
 */
export interface Slice {
  /** 1-based position in its group: names the job and its artifact. */
  readonly slice: number;
  /** Slices in the group. */
  readonly of: number;
  readonly count: number;
  /** The workspaces, space-separated in apply order (names are `[a-z0-9-]`, safe to split in a shell). */
  readonly workspaces: string;
  /** Those of them removed from the config, to plan with `-destroy`; space-separated, `''` when none. */
  readonly destroy: string;
}

/** Matrices by the workflow's group name: the `include` list of each, `[]` when the group has nothing to do. */
export type Batches = Readonly<Record<string, readonly Slice[]>>;

/** What each workflow splits: plan and apply read `changed --json`, drift the workspace index. */
export const BATCH_WORKFLOWS = ['plan', 'apply', 'drift'] as const;
export type BatchWorkflow = (typeof BATCH_WORKFLOWS)[number];

/** Apply's group (and job output) for the customers of rollout wave `n`. */
export const waveGroup = (n: number): string => `wave_${n}`;

/**
 * Slices per group: every non-empty group gets one, then the rest of `maxJobs` goes one by
 * one to the group whose largest slice is largest, so the slowest job is as short as the
 * budget allows. More non-empty groups than `maxJobs` still get one slice each (a group is a
 * job of its own in the workflow anyway).
 */
export function slicesPerGroup(sizes: readonly number[], maxJobs: number): number[] {
  const counts = sizes.map((n): number => (n > 0 ? 1 : 0));
  for (let left = maxJobs - counts.reduce((a, b) => a + b, 0); left > 0; left--) {
    let best = -1;
    sizes.forEach((n, i) => {
      if (counts[i] === 0 || counts[i] >= n) return;
      if (best < 0 || n / counts[i] > sizes[best] / counts[best]) best = i;
    });
    if (best < 0) break;
    counts[best]++;
  }
  return counts;
}

/** `items` in `parts` consecutive runs whose lengths differ by at most one (longer runs first). */
export function splitEvenly<T>(items: readonly T[], parts: number): T[][] {
  const out: T[][] = [];
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const length = Math.floor(items.length / parts) + (i < items.length % parts ? 1 : 0);
    out.push(items.slice(start, start + length));
    start += length;
  }
  return out;
}

interface Planned {
  readonly workspace: string;
  readonly destroy: boolean;
}

function toSlices(items: readonly Planned[], parts: number): Slice[] {
  return splitEvenly(items, parts).map((run, i) => ({
    slice: i + 1,
    of: parts,
    count: run.length,
    workspaces: run.map((w) => w.workspace).join(' '),
    destroy: run
      .filter((w) => w.destroy)
      .map((w) => w.workspace)
      .join(' '),
  }));
}

function batch(groups: readonly (readonly [string, readonly Planned[]])[], maxJobs: number): Batches {
  const counts = slicesPerGroup(
    groups.map(([, items]) => items.length),
    maxJobs,
  );
  return Object.fromEntries(groups.map(([name, items], i) => [name, toSlices(items, counts[i])]));
}

/** Local-state workspaces (the bootstrap) are applied by hand: CI never plans or applies them. */
const remote = (w: IndexedWorkspace): boolean => w.stateKey !== undefined;
const sorted = (list: readonly ChangedWorkspace[]): ChangedWorkspace[] => list.filter(remote).sort(byApplyOrder);
const planned = (list: readonly IndexedWorkspace[], destroy: boolean): Planned[] => list.map((w) => ({ workspace: w.workspace, destroy }));

/** The pull request's plans: changed and removed workspaces (removed ones planned with `-destroy`) in one matrix. */
export function planBatches(report: ChangedReport, maxJobs: number): Batches {
  return batch([['plan', [...planned(sorted(report.changed), false), ...planned(sorted(report.removed), true)]]], maxJobs);
}

/**
 * The apply's groups, each run by its own job after the previous one: `platform`, one
 * `wave_<n>` per rollout wave from 0 to the highest changed one, then `decommission` (the
 * removed workspaces, destroyed). Slices never mix waves, so a wave still applies only
 * after every slice of the wave before it succeeded.
 */
export function applyBatches(report: ChangedReport, maxJobs: number): Batches {
  const changed = sorted(report.changed);
  const customers = changed.filter((w) => w.kind === 'customer');
  const maxWave = Math.max(-1, ...customers.map((w) => w.wave));
  const waves = Array.from(
    { length: maxWave + 1 },
    (_, n) =>
      [
        waveGroup(n),
        planned(
          customers.filter((w) => w.wave === n),
          false,
        ),
      ] as const,
  );
  return batch(
    [
      [
        'platform',
        planned(
          changed.filter((w) => w.kind === 'platform'),
          false,
        ),
      ],
      ...waves,
      ['decommission', planned(sorted(report.removed), true)],
    ],
    maxJobs,
  );
}

/** The scheduled drift check: every workspace with remote state. */
export function driftBatches(workspaces: readonly IndexedWorkspace[], maxJobs: number): Batches {
  return batch([['drift', planned([...workspaces].filter(remote).sort(byApplyOrder), false)]], maxJobs);
}

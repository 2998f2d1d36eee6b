import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { changedWorkspaces } from '../commands/changed';
import { EXPECTED_FILES } from '../errors';
import { parseInputJson } from '../input-files';
import { readPlatform } from '../commands/cost';
import { costAssumptions } from './assumptions';
import { estimateWorkspace, signedUsd, usd } from './estimate';
import { readSynthesized } from './fleet';
import { loadPrices, snapshotDate } from './prices';

/** One changed workspace's monthly estimate on the base branch and on this branch. */
export interface WorkspaceCostChange {
  readonly workspace: string;
  readonly customer?: string;
  /** Absent when the workspace is new. */
  readonly beforeUsd?: number;
  /** Absent when the workspace is removed. */
  readonly afterUsd?: number;
}

/** What a pull request changes in the monthly bill: `npm run cost -- --base <ref> --json`, read by the plan comment. */
export interface CostDiff {
  readonly base: string;
  readonly region: string;
  readonly pricesDate: string;
  /** Changed, added and removed workspaces, apply order. */
  readonly workspaces: readonly WorkspaceCostChange[];
  readonly fleet: { readonly beforeUsd: number; readonly afterUsd: number };
}

const cents = (n: number): number => Math.round(n * 100) / 100;

/**
 * Prices every workspace whose cdk.tf.json differs from `base` twice: as the base branch
 * generated it and as this branch does, both at this branch's prices and assumptions, so
 * the delta is what the change itself costs. Unchanged workspaces cost the same on both
 * sides, so the fleet total before is the total after minus the deltas.
 */
export function costDiff(root: string, base: string): CostDiff {
  const report = changedWorkspaces(root, base);
  const platform = readPlatform(root);
  const prices = loadPrices(platform.region);
  const assumptions = costAssumptions(platform);
  const price = (json: Record<string, any>): number => estimateWorkspace(json, prices, assumptions).monthlyUsd;
  const after = new Map(readSynthesized(join(root, 'generated')).map((w) => [w.workspace, price(w.json)]));
  const atBase = (workspace: string): number | undefined => {
    const file = `generated/stacks/${workspace}/cdk.tf.json`;
    const text = execFileSync('git', ['show', `${report.baseCommit}:./${file}`], {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    return price(parseInputJson(text, `${base}:${file}`, EXPECTED_FILES.stack) as Record<string, any>);
  };
  const workspaces = [...report.changed, ...report.removed].map((w) => ({
    workspace: w.workspace,
    customer: w.customer,
    beforeUsd: w.change === 'added' ? undefined : cents(atBase(w.workspace)!),
    afterUsd: w.change === 'removed' ? undefined : cents(after.get(w.workspace) ?? 0),
  }));
  const afterTotal = [...after.values()].reduce((s, v) => s + v, 0);
  const delta = workspaces.reduce((s, w) => s + (w.afterUsd ?? 0) - (w.beforeUsd ?? 0), 0);
  return {
    base,
    region: prices.region,
    pricesDate: snapshotDate(prices),
    workspaces,
    fleet: { beforeUsd: cents(afterTotal - delta), afterUsd: cents(afterTotal) },
  };
}

/** The human-readable form: one line per changed workspace, then the fleet. */
export function renderCostDiff(diff: CostDiff): string {
  const money = (v?: number): string => (v === undefined ? '–' : usd(v));
  const lines = diff.workspaces.map(
    (w) =>
      `  ${w.workspace.padEnd(28)} ${money(w.beforeUsd).padStart(12)} → ${money(w.afterUsd).padStart(12)}  ${signedUsd((w.afterUsd ?? 0) - (w.beforeUsd ?? 0))}`,
  );
  return [
    `Monthly estimate against ${diff.base} (${diff.region} prices of ${diff.pricesDate}):`,
    ...(lines.length ? lines : ['  no workspace changed']),
    `  ${'fleet total'.padEnd(28)} ${usd(diff.fleet.beforeUsd).padStart(12)} → ${usd(diff.fleet.afterUsd).padStart(12)}  ${signedUsd(diff.fleet.afterUsd - diff.fleet.beforeUsd)}`,
  ].join('\n');
}

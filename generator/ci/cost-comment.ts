import type { CostDiff } from '../cost/diff';
import { signedUsd, usd } from '../cost/estimate';

/** Rows the comment lists; the rest are summed up in one line so a fleet-wide change stays within GitHub's comment size. */
export const COST_ROWS = 50;

/**
 * The plan comment's cost section: each changed workspace's monthly estimate before →
 * after with the delta (largest changes first when there are many), and the fleet total.
 */
export function renderCostSection(diff: CostDiff): string[] {
  const delta = (w: CostDiff['workspaces'][number]): number => (w.afterUsd ?? 0) - (w.beforeUsd ?? 0);
  const fleetDelta = diff.fleet.afterUsd - diff.fleet.beforeUsd;
  const out = [
    `**Monthly estimate** (on-demand, ${diff.region} prices of ${diff.pricesDate}; \`npm run cost\`): fleet ${usd(diff.fleet.beforeUsd)} → ${usd(diff.fleet.afterUsd)} (${signedUsd(fleetDelta)})`,
  ];
  if (!diff.workspaces.length) return out;
  out.push('');
  const shown =
    diff.workspaces.length > COST_ROWS
      ? [...diff.workspaces].sort((a, b) => Math.abs(delta(b)) - Math.abs(delta(a))).slice(0, COST_ROWS)
      : diff.workspaces;
  const money = (v?: number): string => (v === undefined ? '–' : usd(v));
  out.push('| workspace | before | after | delta |', '|---|---:|---:|---:|');
  for (const w of shown) out.push(`| \`${w.workspace}\` | ${money(w.beforeUsd)} | ${money(w.afterUsd)} | ${signedUsd(delta(w))} |`);
  const rest = diff.workspaces.filter((w) => !shown.includes(w));
  if (rest.length) out.push(`| ${rest.length} more workspaces |  |  | ${signedUsd(rest.reduce((s, w) => s + delta(w), 0))} |`);
  return out;
}

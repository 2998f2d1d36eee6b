import { join } from 'node:path';
import { UsageError, usageIssues, ConfigError } from '../errors';
import { costAssumptions } from '../cost/assumptions';
import { estimateFleet, type FleetEstimate, readSynthesized } from '../cost/fleet';
import { loadPrices } from '../cost/prices';
import { inspectConfig, PATHS } from '../config/load';
import type { PlatformConfig } from '../../contract/config';

/** _platform.json, validated; the cost of a fleet only needs the region and the usage assumptions. */
export function readPlatform(root: string): PlatformConfig {
  const report = inspectConfig(root);
  if (!report.platform) throw new ConfigError(report.issues.filter((i) => i.file === PATHS.platform));
  return report.platform;
}

/** Prices what `npm run synth` wrote to generated/ (the Terraform that will really be applied). */
export function costOfGenerated(root: string, only?: string): FleetEstimate {
  const platform = readPlatform(root);
  const workspaces = readSynthesized(join(root, 'generated'));
  if (!workspaces.length) throw new UsageError(usageIssues.nothingSynthesized());
  const fleet = estimateFleet(workspaces, loadPrices(platform.region), costAssumptions(platform));
  if (only && !fleet.workspaces.some((w) => w.customer?.customer === only)) {
    const known = fleet.workspaces.flatMap((w) => (w.customer ? [w.customer.customer] : []));
    throw new UsageError(usageIssues.customerNotSynthesized(only, known));
  }
  return fleet;
}

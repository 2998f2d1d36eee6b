import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, usageIssues } from '../errors';

/** One on-demand price: what a unit costs, and where the figure came from. */
export interface PriceEntry {
  readonly usd: number;
  /** What one unit is, e.g. `vCPU-hour`, `GB-month`. */
  readonly unit: string;
  /** `AWS Price List API, <date>` when `prices:refresh` produced it, else the public page it was read from. */
  readonly source: string;
  /** ISO date the price was taken. */
  readonly date: string;
}

/** generator/cost/prices/<region>.json: every price the estimate may use in one region. */
export interface PriceSnapshot {
  readonly region: string;
  readonly currency: 'USD';
  /** Hours an always-on resource runs per month (AWS bills 730). */
  readonly hoursPerMonth: number;
  readonly prices: Readonly<Record<string, PriceEntry>>;
}

/** Where the committed snapshots live (beside the code that reads them, like the templates). */
export const PRICES_DIR = join(__dirname, 'prices');

export const pricesFile = (region: string, dir = PRICES_DIR): string => join(dir, `${region}.json`);

export function snapshotRegions(dir = PRICES_DIR): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.slice(0, -'.json'.length))
        .sort()
    : [];
}

export function hasSnapshot(region: string, dir = PRICES_DIR): boolean {
  return existsSync(pricesFile(region, dir));
}

/** The date of a snapshot: that of its newest price. */
export function snapshotDate(prices: PriceSnapshot): string {
  return (
    Object.values(prices.prices)
      .map((p) => p.date)
      .sort()
      .at(-1) ?? ''
  );
}

const cache = new Map<string, PriceSnapshot>();

/** The committed snapshot of `region`; a usage error naming the refresh command when there is none. */
export function loadPrices(region: string, dir = PRICES_DIR): PriceSnapshot {
  const file = pricesFile(region, dir);
  const hit = cache.get(file);
  if (hit) return hit;
  if (!existsSync(file)) throw new UsageError(usageIssues.noPriceSnapshot(file, region, snapshotRegions(dir)));
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as PriceSnapshot;
  cache.set(file, snapshot);
  return snapshot;
}

/** Drops cached snapshots (after a refresh rewrote one). */
export function forgetPrices(): void {
  cache.clear();
}

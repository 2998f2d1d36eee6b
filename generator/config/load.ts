import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type ConfigIssue, issues } from '../errors';
import { type JsonObject, readJsonObject } from './json-file';
import { blame } from './blame';
import { applyServiceDefaults, type Layer, mergeLayers } from './merge';
import { runPlatformRules } from './rules/platform-rules';
import { runCustomerRules } from './rules/customer-rules';
import { runFleetRules } from './rules/fleet-rules';
import { SchemaSet } from './schema';
import type { CustomerConfig, PlatformConfig, ResolvedCustomer, Tier, Waiver } from '../../contract/config';

export const TIERS: readonly Tier[] = ['small', 'medium', 'large'];

/** Repository-relative locations of the config files. */
export const PATHS = {
  customers: 'customers',
  schemas: 'customers/_schema',
  platform: 'customers/_platform.json',
  defaults: 'customers/_defaults.json',
  tier: (tier: string): string => `customers/_tiers/${tier}.json`,
  customer: (name: string): string => `customers/${name}/config.json`,
  allocations: 'customers/_allocations.json',
} as const;

/** The workspaces a waiver covers follow from the file it is written in. */
export type WaiverScope =
  | { readonly kind: 'every-workspace' }
  | { readonly kind: 'every-customer' }
  | { readonly kind: 'tier'; readonly tier: Tier }
  | { readonly kind: 'customer'; readonly name: string };

/** A waiver with the file and JSON path it was written at. Waivers add up across layers (they are not merged like arrays). */
export interface SourcedWaiver extends Waiver {
  readonly file: string;
  readonly path: string;
  readonly scope: WaiverScope;
}

export interface LoadedConfig {
  readonly root: string;
  readonly platform: PlatformConfig;
  /** Customers sorted by name. */
  readonly customers: readonly ResolvedCustomer[];
  readonly schemas: SchemaSet;
  /** Every waiver of every config file, in file order: platform, defaults, tiers, customers. */
  readonly waivers: readonly SourcedWaiver[];
}

function waiversOf(data: JsonObject | undefined, file: string, scope: WaiverScope): SourcedWaiver[] {
  const list = (data?.waivers ?? []) as unknown as Waiver[];
  return list.map((w, i) => ({ ...w, file, path: `waivers[${i}]`, scope }));
}

/**
 * Customer folders: every entry under customers/ not starting with `_` or `.` (notes in
 * `*.md` aside). Each must be a real folder: a symlink or a file there is reported, never
 * skipped, because a customer that silently disappears gets its workspace destroyed.
 */
export function scanCustomerFolders(root: string): { folders: string[]; issues: ConfigIssue[] } {
  const folders: string[] = [];
  const found: ConfigIssue[] = [];
  for (const d of readdirSync(join(root, PATHS.customers), { withFileTypes: true })) {
    if (d.name.startsWith('_') || d.name.startsWith('.')) continue;
    const file = `${PATHS.customers}/${d.name}`;
    if (d.isSymbolicLink()) found.push(issues.symlink(file));
    else if (d.isDirectory()) folders.push(d.name);
    else if (!d.name.endsWith('.md')) found.push(issues.notACustomerFolder(file));
  }
  return { folders: folders.sort(), issues: found };
}

/** Customer folders: see scanCustomerFolders. */
export function listCustomerFolders(root: string): string[] {
  return scanCustomerFolders(root).folders;
}

function readValidated(
  root: string,
  file: string,
  schemas: SchemaSet,
  schema: Parameters<SchemaSet['validate']>[0],
  sink: ConfigIssue[],
): JsonObject | undefined {
  const read = readJsonObject(join(root, file), file);
  if (!read.ok) {
    sink.push(...read.issues);
    return undefined;
  }
  const found = schemas.validate(schema, file, read.data);
  sink.push(...found);
  return found.length ? undefined : read.data;
}

/** What loading found: the customers that merged and validated, and every issue. */
export interface LoadReport {
  readonly root: string;
  /** Absent when _platform.json itself is invalid. */
  readonly platform?: PlatformConfig;
  /** Customers whose own files and merge are valid (fleet-wide problems aside). */
  readonly customers: readonly ResolvedCustomer[];
  readonly schemas: SchemaSet;
  /** Every problem, each once. */
  readonly issues: readonly ConfigIssue[];
  /** Waivers of the files that validated. */
  readonly waivers: readonly SourcedWaiver[];
}

function unique(found: readonly ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return found.filter((i) => {
    const key = `${i.file}|${i.path}|${i.code}|${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * Loads, validates and merges every config file under customers/. Collects every issue
 * before failing, so one run shows everything that is wrong. Throws ConfigError.
 */
export function loadConfig(root: string): LoadedConfig {
  const report = inspectConfig(root);
  if (report.issues.length) throw new ConfigError(report.issues);
  return { root, platform: report.platform!, customers: report.customers, schemas: report.schemas, waivers: report.waivers };
}

/**
 * Like loadConfig, but reports instead of throwing, so a command about one customer can
 * still serve it when another customer's file is broken. Throws only when customers/ is
 * missing altogether.
 */
export function inspectConfig(root: string): LoadReport {
  for (const dir of [PATHS.customers, PATHS.schemas]) {
    if (!fileExists(join(root, dir)))
      throw new ConfigError([
        {
          code: 'file.missing',
          file: dir,
          path: '(root)',
          message: `folder not found under ${root}`,
          allowed: 'a repository root holding customers/ and customers/_schema/ (pass --root)',
        },
      ]);
  }
  const schemas = new SchemaSet(join(root, PATHS.schemas));
  const found: ConfigIssue[] = [];

  const platform = readValidated(root, PATHS.platform, schemas, 'platform.schema.json', found) as PlatformConfig | undefined;
  if (platform) found.push(...runPlatformRules(platform, PATHS.platform));
  const defaults = readValidated(root, PATHS.defaults, schemas, 'layer.schema.json', found);
  const tiers = new Map<Tier, JsonObject | undefined>(
    TIERS.map((t) => [t, readValidated(root, PATHS.tier(t), schemas, 'layer.schema.json', found)]),
  );

  const waivers: SourcedWaiver[] = [
    ...waiversOf(platform as JsonObject | undefined, PATHS.platform, { kind: 'every-workspace' }),
    ...waiversOf(defaults, PATHS.defaults, { kind: 'every-customer' }),
    ...TIERS.flatMap((t) => waiversOf(tiers.get(t), PATHS.tier(t), { kind: 'tier', tier: t })),
  ];
  const customers: ResolvedCustomer[] = [];
  const scanned = scanCustomerFolders(root);
  found.push(...scanned.issues);
  for (const folder of scanned.folders) {
    const file = PATHS.customer(folder);
    const own = readValidated(root, file, schemas, 'customer.schema.json', found);
    const tier = own?.tier as Tier | undefined;
    const tierData = tier ? tiers.get(tier) : undefined;
    if (!own || !defaults || !tierData || !platform) continue;
    const layers: Layer[] = [
      { source: { layer: 'defaults', file: PATHS.defaults }, data: defaults },
      { source: { layer: `tier:${tier!}`, file: PATHS.tier(tier!) }, data: tierData },
      { source: { layer: 'customer', file }, data: own },
    ];
    const merged = mergeLayers(layers);
    applyServiceDefaults(merged);
    const { value, provenance } = merged;
    value.domain = String(value.domain).toLowerCase();
    const mergedIssues = schemas.validate('resolved.schema.json', file, value).map((i) => ({
      ...i,
      file: blame(provenance, [i.path], file),
      message: `${i.message} (after merging defaults, tier ${tier} and ${file})`,
    }));
    found.push(...mergedIssues);
    if (mergedIssues.length) continue;
    const resolved: ResolvedCustomer = { config: value as unknown as CustomerConfig, provenance, file, folder };
    found.push(...runCustomerRules(resolved, platform));
    customers.push(resolved);
    waivers.push(...waiversOf(own, file, { kind: 'customer', name: resolved.config.name }));
  }

  // ALB capacity depends on where each customer is placed: buildModel checks it per shard after allocation.
  if (platform && defaults) found.push(...runFleetRules(customers, platform));
  return { root, platform, customers, schemas, issues: unique(found), waivers };
}

export function fileExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

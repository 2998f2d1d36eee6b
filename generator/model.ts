import { join } from 'node:path';
import { allocate, type AllocationResult, type AllocationsFile, ALB_MAX_RULES, listenerPriorities } from './allocations';
import { allocationFromWorkspace, type RecoveredAllocation } from './allocation-recovery';
import { readJsonObject } from './config/json-file';
import { type PinnedDataStoreKey, pinDataStoreKeys } from './data-stores/key-pinning';
import { type LoadedConfig, loadConfig, PATHS } from './config/load';
import { type CustomerConfig, type ResolvedCustomer, routedServices } from '../contract/config';
import { ConfigError, type ConfigIssue } from './errors';
import type { CustomerRouting } from '../modules/customer-instance/routing';

export interface CustomerPlan {
  readonly customer: ResolvedCustomer;
  readonly routing: CustomerRouting;
}

/** Everything synthesis needs: validated config plus stable allocations. */
export interface Model extends LoadedConfig {
  readonly allocation: AllocationResult;
  readonly plans: readonly CustomerPlan[];
  /** Allocations missing from _allocations.json that were read back from the generated workspaces. */
  readonly recoveredAllocations: readonly RecoveredAllocation[];
  /** Customers whose existing database and cache stay on the AWS-managed key (generator/data-stores/key-pinning.ts). */
  readonly pinnedDataStoreKeys: readonly PinnedDataStoreKey[];
}

/** The committed output folder the allocations (when _allocations.json lacks them) and the data stores' keys are read back from. */
const GENERATED_DIR = 'generated';

export function readAllocations(root: string, config: LoadedConfig): AllocationsFile {
  const read = readJsonObject(join(root, PATHS.allocations), PATHS.allocations);
  if (!read.ok) {
    if (read.issue.code === 'file.missing') return { customers: {} };
    throw new ConfigError(read.issues);
  }
  const found = config.schemas.validate('allocations.schema.json', PATHS.allocations, read.data);
  const file = read.data as unknown as AllocationsFile;
  if (!found.length) {
    const taken = new Map<string, string>();
    for (const [name, a] of Object.entries(file.customers)) {
      const key = `${a.albShard}/${a.priorityBlock}`;
      const other = taken.get(key);
      if (other)
        found.push({
          code: 'rule.allocation-unique',
          file: PATHS.allocations,
          path: `customers.${name}`,
          value: a,
          message: `shard ${a.albShard} priority block ${a.priorityBlock} is also allocated to "${other}"`,
          allowed: 'each (albShard, priorityBlock) once; restore the file from git',
        });
      taken.set(key, name);
    }
  }
  if (found.length) throw new ConfigError(found);
  return file;
}

/**
 * Listener rules (= target groups) per shard as allocated. New customers are only placed
 * where they fit, so an overflow means customers already on the shard added routed
 * services; the one routing the most is blamed, as the likeliest to have grown.
 */
function shardCapacityIssues(plans: readonly CustomerPlan[]): ConfigIssue[] {
  const shards = new Map<number, { total: number; largest: ResolvedCustomer; largestCount: number }>();
  for (const p of plans) {
    if (p.routing.albShard === undefined) continue;
    const count = routedServices(p.customer.config).length;
    const prev = shards.get(p.routing.albShard);
    const largest = !prev || count > prev.largestCount ? { largest: p.customer, largestCount: count } : prev;
    shards.set(p.routing.albShard, { total: (prev?.total ?? 0) + count, largest: largest.largest, largestCount: largest.largestCount });
  }
  return [...shards.entries()]
    .filter(([, r]) => r.total > ALB_MAX_RULES)
    .map(([shard, r]) => ({
      code: 'rule.alb-capacity',
      file: r.largest.file,
      path: 'services',
      value: r.total,
      message: `ALB shard ${shard} would carry ${r.total} listener rules and target groups; "${r.largest.config.name}" routes ${r.largestCount} of them, the most on the shard`,
      allowed: `at most ${ALB_MAX_RULES} per shard (placed customers never move): route fewer services on this shard, or make a customer dedicated`,
    }));
}

/** Loads and validates the config, then applies the stable allocations. Throws ConfigError. */
export function buildModel(root: string): Model {
  const loaded = loadConfig(root);
  const pins = pinDataStoreKeys(root, GENERATED_DIR, loaded.customers);
  const config = { ...loaded, customers: pins.customers };
  const pooled = config.customers.filter((c) => c.config.isolation === 'pooled').map((c) => c.config);
  const { existing, recovered } = withRecoveredAllocations(root, readAllocations(root, config), pooled);
  const allocation = allocate(existing, pooled, config.platform.loadBalancer.customersPerAlb);
  const plans: CustomerPlan[] = config.customers.map((customer) => {
    const own = Object.hasOwn(allocation.allocations, customer.config.name);
    const a = customer.config.isolation === 'pooled' && own ? allocation.allocations[customer.config.name] : undefined;
    return {
      customer,
      routing: { albShard: a?.albShard, priorities: listenerPriorities(customer.config, a?.priorityBlock ?? 0) },
    };
  });
  const capacity = shardCapacityIssues(plans);
  if (capacity.length) throw new ConfigError(capacity);
  return { ...config, allocation, plans, recoveredAllocations: recovered, pinnedDataStoreKeys: pins.pinned };
}

/**
 * A pooled customer missing from _allocations.json (the file deleted, an entry lost in a
 * merge) whose workspace is already generated keeps the routing it has: read back from
 * generated/, never re-allocated. Refuses when two customers would end up on one block.
 */
function withRecoveredAllocations(
  root: string,
  file: AllocationsFile,
  pooled: readonly CustomerConfig[],
): { existing: AllocationsFile; recovered: RecoveredAllocation[] } {
  const customers = new Map(Object.entries(file.customers));
  const recovered: RecoveredAllocation[] = [];
  for (const c of pooled) {
    if (customers.has(c.name)) continue;
    const found = allocationFromWorkspace(root, GENERATED_DIR, c.name);
    if (!found) continue;
    customers.set(c.name, { albShard: found.albShard, priorityBlock: found.priorityBlock });
    recovered.push({ ...found, customer: c.name });
  }
  if (!recovered.length) return { existing: file, recovered };
  const taken = new Map<string, string>();
  const clashes: ConfigIssue[] = [];
  for (const [name, a] of customers) {
    const key = `${a.albShard}/${a.priorityBlock}`;
    const other = taken.get(key);
    if (other)
      clashes.push({
        code: 'rule.allocation-unique',
        file: PATHS.allocations,
        path: `customers.${name}`,
        value: a,
        message: `shard ${a.albShard} priority block ${a.priorityBlock} (read back from generated/) is also allocated to "${other}"`,
        allowed: 'each (albShard, priorityBlock) once; restore customers/_allocations.json from git',
      });
    taken.set(key, name);
  }
  if (clashes.length) throw new ConfigError(clashes);
  return { existing: { customers: Object.fromEntries(customers) }, recovered };
}

/** The line validate prints for a valid customer: name, tier, isolation, where it is routed, domain. */
export function validLine({ customer: c, routing }: CustomerPlan): string {
  const where = routing.albShard !== undefined ? `alb shard ${routing.albShard}` : 'dedicated alb';
  return `ok  ${c.config.name.padEnd(20)} ${c.config.tier.padEnd(7)} ${c.config.isolation.padEnd(10)} ${where.padEnd(16)} ${c.config.domain}`;
}

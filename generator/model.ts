import { join } from 'node:path';
import { allocate, type AllocationResult, type AllocationsFile, ALB_MAX_RULES, listenerPriorities } from './allocations';
import { readJsonObject } from './config/json-file';
import { type LoadedConfig, loadConfig, PATHS } from './config/load';
import { type ResolvedCustomer, routedServices } from '../contract/config';
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
}

export function readAllocations(root: string, config: LoadedConfig): AllocationsFile {
  const read = readJsonObject(join(root, PATHS.allocations), PATHS.allocations);
  if (!read.ok) {
    if (read.issue.code === 'file.missing') return { customers: {} };
    throw new ConfigError([read.issue]);
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

function shardCapacityIssues(plans: readonly CustomerPlan[]): ConfigIssue[] {
  const rules = new Map<number, { total: number; last: ResolvedCustomer }>();
  for (const p of plans) {
    if (p.routing.albShard === undefined) continue;
    const prev = rules.get(p.routing.albShard);
    rules.set(p.routing.albShard, { total: (prev?.total ?? 0) + routedServices(p.customer.config).length, last: p.customer });
  }
  return [...rules.entries()]
    .filter(([, r]) => r.total > ALB_MAX_RULES)
    .map(([shard, r]) => ({
      code: 'rule.alb-capacity',
      file: r.last.file,
      path: 'services',
      value: r.total,
      message: `ALB shard ${shard} would carry ${r.total} listener rules and target groups`,
      allowed: `at most ${ALB_MAX_RULES} per shard: route fewer services, or lower loadBalancer.customersPerAlb for new customers`,
    }));
}

/** Loads and validates the config, then applies the stable allocations. Throws ConfigError. */
export function buildModel(root: string): Model {
  const config = loadConfig(root);
  const existing = readAllocations(root, config);
  const pooled = config.customers.filter((c) => c.config.isolation === 'pooled').map((c) => c.config);
  const allocation = allocate(existing, pooled, config.platform.loadBalancer.customersPerAlb);
  const plans: CustomerPlan[] = config.customers.map((customer) => {
    const a = customer.config.isolation === 'pooled' ? allocation.allocations[customer.config.name] : undefined;
    return {
      customer,
      routing: { albShard: a?.albShard, priorities: listenerPriorities(customer.config, a?.priorityBlock ?? 0) },
    };
  });
  const capacity = shardCapacityIssues(plans);
  if (capacity.length) throw new ConfigError(capacity);
  return { ...config, allocation, plans };
}

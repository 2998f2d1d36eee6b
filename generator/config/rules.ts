import { derivedNames, nameViolations } from '../../modules/naming';
import { isNetworkAligned, parseIpv4Cidr, VPC_PREFIX_RANGE } from '../../modules/platform/subnet-plan';
import { ALB_MAX_RULES, ALB_MAX_TARGET_GROUPS, PRIORITY_BLOCK_SIZE } from '../allocations';
import { ConfigIssue, jsonPath } from '../errors';
import { activeServices, CustomerConfig, PlatformConfig, ResolvedCustomer, routedServices } from './types';

/** What a rule reports; the runner adds the rule id and the file. */
export interface Finding {
  readonly path: string;
  readonly message: string;
  readonly value?: unknown;
  readonly allowed: string;
  /** Which file to blame, when not the customer's own config.json. */
  readonly file?: string;
}

export interface CustomerRule {
  readonly id: string;
  /** One line: what the rule guarantees. */
  readonly description: string;
  readonly check: (customer: CustomerConfig, ctx: RuleContext) => Finding[];
}

export interface FleetRule {
  readonly id: string;
  readonly description: string;
  readonly check: (customers: readonly ResolvedCustomer[], ctx: RuleContext) => ConfigIssue[];
}

export interface PlatformRule {
  readonly id: string;
  readonly description: string;
  readonly check: (platform: PlatformConfig) => Finding[];
}

export interface RuleContext {
  readonly platform: PlatformConfig;
  readonly folder: string;
}

/** Memory (MiB) Fargate accepts for each CPU value. */
export const FARGATE_MEMORY: Readonly<Record<number, readonly number[]>> = (() => {
  const range = (from: number, to: number, step: number): number[] => Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
  return {
    256: [512, 1024, 2048],
    512: range(1024, 4096, 1024),
    1024: range(2048, 8192, 1024),
    2048: range(4096, 16384, 1024),
    4096: range(8192, 30720, 1024),
    8192: range(16384, 61440, 4096),
    16384: range(32768, 122880, 8192),
  };
})();

function describeMemory(options: readonly number[]): string {
  if (options.length <= 4) return options.join(', ');
  const step = options[1] - options[0];
  return `${options[0]} to ${options[options.length - 1]} in steps of ${step}`;
}

/** Environment variable names that look like they hold a secret value. */
const SECRET_LIKE = /(SECRET|PASSWORD|PASSWD|TOKEN|PRIVATE_KEY|API_KEY|CREDENTIALS?)$/i;

const svcPath = (name: string, ...rest: string[]): string => jsonPath(['services', name, ...rest]);

export const CUSTOMER_RULES: readonly CustomerRule[] = [
  {
    id: 'folder-matches-name',
    description: 'customers/<folder>/config.json has name equal to <folder>',
    check: (c, ctx) =>
      c.name === ctx.folder ? [] : [{ path: 'name', value: c.name, message: `name does not match its folder "${ctx.folder}"`, allowed: `"${ctx.folder}" (or rename the folder)` }],
  },
  {
    id: 'derived-names-fit',
    description: 'every AWS name derived from the customer name fits that AWS limit',
    check: (c, ctx) =>
      nameViolations(derivedNames(ctx.platform, c.name, activeServices(c).map(([n]) => n), c.isolation === 'dedicated')).map((d) => ({
        path: 'name',
        value: c.name,
        message: `derived ${d.kind} "${d.value}" is ${d.value.length} characters`,
        allowed: `${d.allowed}; choose a shorter customer name`,
      })),
  },
  {
    id: 'domain-in-platform-zone',
    description: "the domain is the platform domain or one label under it (the wildcard certificate's reach)",
    check: (c, ctx) => {
      const zone = ctx.platform.domain.name.toLowerCase();
      const d = c.domain.toLowerCase();
      const ok = d === zone || (d.endsWith(`.${zone}`) && !d.slice(0, -zone.length - 1).includes('.'));
      return ok ? [] : [{ path: 'domain', value: c.domain, message: 'domain is outside the platform hosted zone and certificate', allowed: `"${zone}" or "<label>.${zone}"` }];
    },
  },
  {
    id: 'routed-service-has-paths',
    description: 'a service with a port has pathPatterns, and only services with a port have them',
    check: (c) =>
      activeServices(c).flatMap(([n, s]): Finding[] => {
        if (s.port !== undefined && !s.pathPatterns?.length)
          return [{ path: svcPath(n, 'pathPatterns'), value: s.pathPatterns, message: `service "${n}" has a port but no pathPatterns to route to it`, allowed: 'one to four path patterns, e.g. ["/api/*"]' }];
        if (s.port === undefined && s.pathPatterns?.length)
          return [{ path: svcPath(n, 'pathPatterns'), value: s.pathPatterns, message: `service "${n}" has pathPatterns but no port to route them to`, allowed: 'a port, or no pathPatterns' }];
        if (s.port !== undefined && !s.healthCheckPath)
          return [{ path: svcPath(n, 'healthCheckPath'), value: undefined, message: `service "${n}" has a port but no healthCheckPath for its target group`, allowed: 'a path such as "/health"' }];
        return [];
      }),
  },
  {
    id: 'unique-service-ports',
    description: 'no two services of a customer listen on the same port',
    check: (c) => {
      const seen = new Map<number, string>();
      return activeServices(c).flatMap(([n, s]): Finding[] => {
        if (s.port === undefined) return [];
        const other = seen.get(s.port);
        seen.set(s.port, n);
        return other ? [{ path: svcPath(n, 'port'), value: s.port, message: `port ${s.port} is already used by service "${other}"`, allowed: 'a port no other service of this customer uses' }] : [];
      });
    },
  },
  {
    id: 'listener-rules-per-customer',
    description: `a customer needs at most ${PRIORITY_BLOCK_SIZE} listener rules (its priority block)`,
    check: (c) => {
      const n = routedServices(c).length;
      return n <= PRIORITY_BLOCK_SIZE ? [] : [{ path: 'services', value: n, message: `${n} services with a port need ${n} listener rules`, allowed: `at most ${PRIORITY_BLOCK_SIZE} services with a port` }];
    },
  },
  {
    id: 'autoscaling-bounds',
    description: 'autoscaling.min <= autoscaling.max and desiredCount lies within them',
    check: (c) =>
      activeServices(c).flatMap(([n, s]): Finding[] => {
        const a = s.autoscaling;
        if (!a) return [];
        if (a.min === undefined || a.max === undefined || a.cpuTargetPercent === undefined)
          return [{ path: svcPath(n, 'autoscaling'), value: a, message: 'autoscaling needs min, max and cpuTargetPercent', allowed: '{ "min": 2, "max": 6, "cpuTargetPercent": 70 }' }];
        if (a.min > a.max) return [{ path: svcPath(n, 'autoscaling', 'min'), value: a.min, message: `autoscaling.min is greater than autoscaling.max (${a.max})`, allowed: `a number <= ${a.max}` }];
        if (s.desiredCount < a.min || s.desiredCount > a.max)
          return [{ path: svcPath(n, 'desiredCount'), value: s.desiredCount, message: 'desiredCount is outside the autoscaling range', allowed: `${a.min} to ${a.max}` }];
        return [];
      }),
  },
  {
    id: 'fargate-cpu-memory',
    description: 'cpu and memoryMiB form a combination Fargate accepts',
    check: (c) =>
      activeServices(c).flatMap(([n, s]): Finding[] => {
        const options = FARGATE_MEMORY[s.cpu];
        return options && !options.includes(s.memoryMiB)
          ? [{ path: svcPath(n, 'memoryMiB'), value: s.memoryMiB, message: `Fargate does not accept ${s.memoryMiB} MiB with cpu ${s.cpu}`, allowed: `with cpu ${s.cpu}: ${describeMemory(options)}` }]
          : [];
      }),
  },
  {
    id: 'no-secrets-in-environment',
    description: 'secret-looking variables come from secrets (ARNs), never from plain environment values',
    check: (c) =>
      activeServices(c).flatMap(([n, s]) =>
        Object.keys(s.environment)
          .filter((k) => SECRET_LIKE.test(k))
          .map((k) => ({ path: svcPath(n, 'environment', k), value: '(hidden)', message: `"${k}" looks like a secret but is a plain environment value`, allowed: `move it to services.${n}.secrets as a Secrets Manager or SSM ARN` })),
      ),
  },
  {
    id: 'read-replicas-need-multi-az',
    description: 'database read replicas only on a Multi-AZ database',
    check: (c) =>
      c.database.enabled && c.database.readReplicas > 0 && !c.database.multiAz
        ? [{ path: 'database.readReplicas', value: c.database.readReplicas, message: 'read replicas need a Multi-AZ primary (database.multiAz is false)', allowed: '0, or set database.multiAz to true' }]
        : [],
  },
  {
    id: 'storage-autoscaling-above-allocated',
    description: 'maxAllocatedStorageGiB is at least allocatedStorageGiB',
    check: (c) =>
      c.database.maxAllocatedStorageGiB < c.database.allocatedStorageGiB
        ? [{ path: 'database.maxAllocatedStorageGiB', value: c.database.maxAllocatedStorageGiB, message: 'storage autoscaling ceiling is below the allocated storage', allowed: `>= ${c.database.allocatedStorageGiB}` }]
        : [],
  },
  {
    id: 'cdn-assets-need-uploads',
    description: 'the CDN assets origin is the uploads bucket, so it needs storage.uploads',
    check: (c) =>
      c.cdn.enabled && c.cdn.assetsOrigin && !c.storage.uploads
        ? [{ path: 'cdn.assetsOrigin', value: true, message: 'the assets origin needs the uploads bucket (storage.uploads is false)', allowed: 'false, or set storage.uploads to true' }]
        : [],
  },
];

function customerIssue(customer: ResolvedCustomer, id: string, f: Finding): ConfigIssue {
  return { code: `rule.${id}`, file: f.file ?? customer.file, path: f.path, message: f.message, value: f.value, allowed: f.allowed };
}

export const FLEET_RULES: readonly FleetRule[] = [
  {
    id: 'unique-domain',
    description: 'no two customers share a domain (compared case-insensitively)',
    check: (customers) => duplicates(customers, (c) => c.config.domain.toLowerCase(), 'domain', 'unique-domain', 'domain'),
  },
  {
    id: 'unique-names',
    description: 'no two customers derive the same AWS name or state key',
    check: (customers, ctx) => {
      const owner = new Map<string, string>();
      const out: ConfigIssue[] = [];
      for (const c of customers) {
        const names = derivedNames(ctx.platform, c.config.name, activeServices(c.config).map(([n]) => n), c.config.isolation === 'dedicated');
        const keys = [`state key ${c.config.name}`, ...names.map((d) => `${d.kind} ${d.value}`)];
        for (const key of new Set(keys)) {
          const other = owner.get(key);
          if (other && other !== c.config.name) {
            out.push({ code: 'rule.unique-names', file: c.file, path: 'name', value: c.config.name, message: `${key} is also derived for customer "${other}"`, allowed: 'a name whose derived AWS names are unique' });
          } else owner.set(key, c.config.name);
        }
      }
      return out;
    },
  },
];

function duplicates(customers: readonly ResolvedCustomer[], key: (c: ResolvedCustomer) => string, path: string, id: string, what: string): ConfigIssue[] {
  const first = new Map<string, ResolvedCustomer>();
  const out: ConfigIssue[] = [];
  for (const c of customers) {
    const k = key(c);
    const prev = first.get(k);
    if (prev) out.push({ code: `rule.${id}`, file: c.file, path, value: k, message: `${what} is already used by customer "${prev.config.name}" (${prev.file})`, allowed: `a ${what} no other customer uses` });
    else first.set(k, c);
  }
  return out;
}

export const PLATFORM_RULES: readonly PlatformRule[] = [
  {
    id: 'vpc-cidr-aligned',
    description: 'network.cidr is a network address (no host bits set)',
    check: (p) =>
      parseIpv4Cidr(p.network.cidr) && !isNetworkAligned(p.network.cidr)
        ? [{ path: 'network.cidr', value: p.network.cidr, message: 'host bits are set in the network address', allowed: 'a network address such as 10.20.0.0/16' }]
        : [],
  },
  {
    id: 'vpc-cidr-size',
    description: `network.cidr prefix is /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}, room for public, private and database subnets per AZ`,
    check: (p) => {
      const parsed = parseIpv4Cidr(p.network.cidr);
      if (!parsed || (parsed.prefix >= VPC_PREFIX_RANGE.min && parsed.prefix <= VPC_PREFIX_RANGE.max)) return [];
      const why = parsed.prefix > VPC_PREFIX_RANGE.max ? `too small to hold ${3 * p.network.azCount} subnets of at least /26` : 'larger than AWS allows for a VPC';
      return [{ path: 'network.cidr', value: p.network.cidr, message: `prefix /${parsed.prefix} is ${why}`, allowed: `a prefix from /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}` }];
    },
  },
  {
    id: 'certificate-in-region',
    description: 'the ALB certificate lives in the platform region',
    check: (p) => {
      const arnRegion = p.domain.certificateArn?.split(':')[3];
      return arnRegion && arnRegion !== p.region
        ? [{ path: 'domain.certificateArn', value: p.domain.certificateArn, message: `certificate is in ${arnRegion}, the load balancers are in ${p.region}`, allowed: `an ACM certificate ARN in ${p.region}` }]
        : [];
    },
  },
];

/** Listener rules and target groups one customer of the defaults needs on a shard. */
export function albCapacityFinding(platform: PlatformConfig, rulesPerCustomer: number, file: string): ConfigIssue[] {
  const need = platform.loadBalancer.customersPerAlb * rulesPerCustomer;
  const limit = Math.min(ALB_MAX_RULES, ALB_MAX_TARGET_GROUPS);
  if (need <= limit) return [];
  return [
    {
      code: 'rule.alb-capacity',
      file,
      path: 'loadBalancer.customersPerAlb',
      value: platform.loadBalancer.customersPerAlb,
      message: `${platform.loadBalancer.customersPerAlb} customers x ${rulesPerCustomer} listener rules and target groups each = ${need}, over the ALB limit of ${limit}`,
      allowed: `at most ${Math.floor(limit / rulesPerCustomer)} with ${rulesPerCustomer} routed services per customer`,
    },
  ];
}

export function runCustomerRules(customer: ResolvedCustomer, platform: PlatformConfig): ConfigIssue[] {
  const ctx: RuleContext = { platform, folder: customer.folder };
  return CUSTOMER_RULES.flatMap((rule) => rule.check(customer.config, ctx).map((f) => customerIssue(customer, rule.id, f)));
}

export function runFleetRules(customers: readonly ResolvedCustomer[], platform: PlatformConfig): ConfigIssue[] {
  const ctx: RuleContext = { platform, folder: '' };
  return FLEET_RULES.flatMap((rule) => rule.check(customers, ctx));
}

export function runPlatformRules(platform: PlatformConfig, file: string): ConfigIssue[] {
  return PLATFORM_RULES.flatMap((rule) => rule.check(platform).map((f) => ({ code: `rule.${rule.id}`, file, path: f.path, message: f.message, value: f.value, allowed: f.allowed })));
}

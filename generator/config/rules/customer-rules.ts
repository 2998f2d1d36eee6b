import { type DerivedName, derivedNames, nameKey, nameViolations, platformOwnedNames } from '../../../modules/naming';
import { PRIORITY_BLOCK_SIZE } from '../../allocations';
import { type ConfigIssue, jsonPath } from '../../errors';
import { activeServices, namedServices, type PlatformConfig, type ResolvedCustomer, routedServices } from '../../../contract/config';
import { blame } from '../blame';
import { secretReason } from './secret-patterns';
import type { CustomerRule, Finding, RuleContext } from './types';

/** Memory (MiB) Fargate accepts for each CPU value. */
/** The platform's own names by collision key, once per platform rather than once per customer (a fleet has one platform). */
const platformNames = new WeakMap<PlatformConfig, ReadonlyMap<string, DerivedName>>();
function platformNamesByKey(platform: PlatformConfig): ReadonlyMap<string, DerivedName> {
  let byKey = platformNames.get(platform);
  if (!byKey) platformNames.set(platform, (byKey = new Map(platformOwnedNames(platform).map((d) => [nameKey(d), d]))));
  return byKey;
}

export const FARGATE_MEMORY: Readonly<Record<number, readonly number[]>> = (() => {
  const range = (from: number, to: number, step: number): number[] =>
    Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
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

const svcPath = (name: string, ...rest: string[]): string => jsonPath(['services', name, ...rest]);

export const CUSTOMER_RULES: readonly CustomerRule[] = [
  {
    id: 'folder-matches-name',
    description: 'customers/<folder>/config.json has name equal to <folder>',
    check: (c, ctx) =>
      c.name === ctx.folder
        ? []
        : [
            {
              path: 'name',
              value: c.name,
              message: `name does not match its folder "${ctx.folder}"`,
              allowed: `"${ctx.folder}" (or rename the folder)`,
            },
          ],
  },
  {
    id: 'derived-names-not-platform',
    description: "no AWS name derived from the customer equals one of the shared platform's own names in the same namespace",
    check: (c, ctx) => {
      const platform = platformNamesByKey(ctx.platform);
      const hits = new Map<string, DerivedName>();
      for (const d of derivedNames(ctx.platform, c.name, namedServices(c), c.isolation === 'dedicated'))
        if (platform.has(nameKey(d))) hits.set(nameKey(d), d);
      return [...hits.values()].map((d) => ({
        path: 'name',
        value: c.name,
        message: `derived ${d.kind} "${d.value}" is already taken by the platform's own ${platform.get(nameKey(d))!.kind.replace(/ name$/, '')}`,
        allowed: "a customer name (and service names) whose derived names differ from the platform's; choose another customer name",
      }));
    },
  },
  {
    id: 'derived-names-fit',
    description: 'every AWS name derived from the customer name fits that AWS limit',
    check: (c, ctx) =>
      nameViolations(derivedNames(ctx.platform, c.name, namedServices(c), c.isolation === 'dedicated')).map((d) => ({
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
      return ok
        ? []
        : [
            {
              path: 'domain',
              value: c.domain,
              message: 'domain is outside the platform hosted zone and certificate',
              allowed: `"${zone}" or "<label>.${zone}"`,
            },
          ];
    },
  },
  {
    id: 'routed-service-has-paths',
    description: 'a service with a port has pathPatterns, and only services with a port have them',
    check: (c) =>
      activeServices(c).flatMap(([n, s]): Finding[] => {
        if (s.port !== undefined && !s.pathPatterns?.length)
          return [
            {
              path: svcPath(n, 'pathPatterns'),
              involves: [svcPath(n, 'port')],
              value: s.pathPatterns,
              message: `service "${n}" has a port but no pathPatterns to route to it`,
              allowed: 'one to four path patterns, e.g. ["/api/*"]',
            },
          ];
        if (s.port === undefined && s.pathPatterns?.length)
          return [
            {
              path: svcPath(n, 'pathPatterns'),
              involves: [svcPath(n, 'port')],
              value: s.pathPatterns,
              message: `service "${n}" has pathPatterns but no port to route them to`,
              allowed: 'a port, or no pathPatterns',
            },
          ];
        if (s.port !== undefined && !s.healthCheckPath)
          return [
            {
              path: svcPath(n, 'healthCheckPath'),
              involves: [svcPath(n, 'port')],
              value: undefined,
              message: `service "${n}" has a port but no healthCheckPath for its target group`,
              allowed: 'a path such as "/health"',
            },
          ];
        return [];
      }),
  },
  {
    id: 'unique-service-ports',
    description: 'no two services of a customer listen on the same port',
    // Every service sharing the port is reported: the layer that set each one is blamed, so the user sees their own file.
    check: (c) => {
      const byPort = new Map<number, string[]>();
      for (const [n, s] of activeServices(c)) if (s.port !== undefined) byPort.set(s.port, [...(byPort.get(s.port) ?? []), n]);
      return [...byPort].flatMap(([port, names]) =>
        names.length < 2
          ? []
          : names.map((n) => ({
              path: svcPath(n, 'port'),
              value: port,
              message: `port ${port} is also used by service ${names
                .filter((o) => o !== n)
                .map((o) => `"${o}"`)
                .join(', ')}`,
              allowed: 'a port no other service of this customer uses',
            })),
      );
    },
  },
  {
    id: 'listener-rules-per-customer',
    description: `a customer needs at most ${PRIORITY_BLOCK_SIZE} listener rules (its priority block)`,
    check: (c) => {
      const n = routedServices(c).length;
      return n <= PRIORITY_BLOCK_SIZE
        ? []
        : [
            {
              path: 'services',
              value: n,
              message: `${n} services with a port need ${n} listener rules`,
              allowed: `at most ${PRIORITY_BLOCK_SIZE} services with a port`,
            },
          ];
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
          return [
            {
              path: svcPath(n, 'autoscaling'),
              value: a,
              message: 'autoscaling needs min, max and cpuTargetPercent',
              allowed: '{ "min": 2, "max": 6, "cpuTargetPercent": 70 }',
            },
          ];
        if (a.min > a.max)
          return [
            {
              path: svcPath(n, 'autoscaling', 'min'),
              involves: [svcPath(n, 'autoscaling', 'max')],
              value: a.min,
              message: `autoscaling.min is greater than autoscaling.max (${a.max})`,
              allowed: `a number <= ${a.max}`,
            },
          ];
        if (s.desiredCount < a.min || s.desiredCount > a.max)
          return [
            {
              path: svcPath(n, 'desiredCount'),
              involves: [svcPath(n, 'autoscaling', 'min'), svcPath(n, 'autoscaling', 'max')],
              value: s.desiredCount,
              message: 'desiredCount is outside the autoscaling range',
              allowed: `${a.min} to ${a.max}`,
            },
          ];
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
          ? [
              {
                path: svcPath(n, 'memoryMiB'),
                involves: [svcPath(n, 'cpu')],
                value: s.memoryMiB,
                message: `Fargate does not accept ${s.memoryMiB} MiB with cpu ${s.cpu}`,
                allowed: `with cpu ${s.cpu}: ${describeMemory(options)}`,
              },
            ]
          : [];
      }),
  },
  {
    id: 'no-secrets-in-environment',
    description: 'secrets come from secrets (ARNs), never from plain environment values: recognized by name and by value',
    check: (c) =>
      activeServices(c).flatMap(([n, s]) =>
        Object.entries(s.environment).flatMap(([k, v]) => {
          const reason = secretReason(k, String(v));
          return reason
            ? [
                {
                  path: svcPath(n, 'environment', k),
                  value: '(hidden)',
                  message: `"${k}" looks like a secret (${reason}) but is a plain environment value, readable by anyone who can read the task definition`,
                  allowed: `move it to services.${n}.secrets as a Secrets Manager or SSM ARN`,
                },
              ]
            : [];
        }),
      ),
  },
  {
    id: 'secrets-in-platform-region',
    description: 'secret ARNs point into the platform region: ECS reads them at task start, in that region',
    check: (c, ctx) =>
      activeServices(c).flatMap(([n, s]) =>
        Object.entries(s.secrets)
          .filter(([, arn]) => arn.split(':')[3] !== ctx.platform.region)
          .map(([k, arn]) => ({
            path: svcPath(n, 'secrets', k),
            value: arn,
            message: `secret is in region ${arn.split(':')[3]}, the services run in ${ctx.platform.region}`,
            allowed: `a Secrets Manager or SSM ARN in ${ctx.platform.region}`,
          })),
      ),
  },
  {
    id: 'read-replicas-need-multi-az',
    description: 'database read replicas only on a Multi-AZ database',
    check: (c) =>
      c.database.enabled && c.database.readReplicas > 0 && !c.database.multiAz
        ? [
            {
              path: 'database.readReplicas',
              involves: ['database.multiAz'],
              value: c.database.readReplicas,
              message: 'read replicas need a Multi-AZ primary (database.multiAz is false)',
              allowed: '0, or set database.multiAz to true',
            },
          ]
        : [],
  },
  {
    id: 'storage-autoscaling-above-allocated',
    description: 'maxAllocatedStorageGiB is at least allocatedStorageGiB',
    check: (c) =>
      c.database.maxAllocatedStorageGiB < c.database.allocatedStorageGiB
        ? [
            {
              path: 'database.maxAllocatedStorageGiB',
              involves: ['database.allocatedStorageGiB'],
              value: c.database.maxAllocatedStorageGiB,
              message: 'storage autoscaling ceiling is below the allocated storage',
              allowed: `>= ${c.database.allocatedStorageGiB}`,
            },
          ]
        : [],
  },
  {
    id: 'dedicated-has-own-key',
    description: 'a dedicated customer encrypts its data with its own KMS key',
    check: (c) =>
      c.isolation === 'dedicated' && !c.encryption.customerKey
        ? [
            {
              path: 'isolation',
              involves: ['encryption.customerKey'],
              value: c.isolation,
              message: 'a dedicated customer needs its own KMS key (encryption.customerKey is false)',
              allowed: '"pooled", or set encryption.customerKey to true',
            },
          ]
        : [],
  },
  {
    id: 'cdn-assets-need-uploads',
    description: 'the CDN assets origin is the uploads bucket, so it needs storage.uploads',
    check: (c) =>
      c.cdn.enabled && c.cdn.assetsOrigin && !c.storage.uploads
        ? [
            {
              path: 'cdn.assetsOrigin',
              involves: ['storage.uploads', 'cdn.enabled'],
              value: true,
              message: 'the assets origin needs the uploads bucket (storage.uploads is false)',
              allowed: 'false, or set storage.uploads to true',
            },
          ]
        : [],
  },
];

/** Blames the most specific layer that set any value the finding involves. */
function customerIssue(customer: ResolvedCustomer, id: string, f: Finding): ConfigIssue {
  const file = f.file ?? blame(customer.provenance, [f.path, ...(f.involves ?? [])], customer.file);
  return { code: `rule.${id}`, file, path: f.path, message: f.message, value: f.value, allowed: f.allowed };
}

export function runCustomerRules(customer: ResolvedCustomer, platform: PlatformConfig): ConfigIssue[] {
  const ctx: RuleContext = { platform, folder: customer.folder };
  return CUSTOMER_RULES.flatMap((rule) => rule.check(customer.config, ctx).map((f) => customerIssue(customer, rule.id, f)));
}

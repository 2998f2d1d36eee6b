import { imageTag } from '../../../modules/customer-instance/image';
import { customerNames, type DerivedName, nameKey, nameViolations, platformOwnedNames, repeatedNames } from '../../../modules/naming';
import { PRIORITY_BLOCK_SIZE } from '../../allocations';
import { type ConfigIssue, jsonPath } from '../../errors';
import { activeServices, type PlatformConfig, type ResolvedCustomer, routedServices } from '../../../contract/config';
import { blame } from '../blame';
import { customerDerivedNames, customerNameKeys } from './derived-names';
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

/** ECS refuses a task definition larger than this (RegisterTaskDefinition). */
const TASK_DEFINITION_MAX_BYTES = 64 * 1024;
/** What environment and secrets may take of it: the rest of the container definition and the task fields need room. */
const TASK_DEFINITION_BUDGET_BYTES = TASK_DEFINITION_MAX_BYTES - 8 * 1024;

/** Bytes the environment and secrets take in the registered container definition. */
function taskDefinitionBytes(environment: Readonly<Record<string, string>>, secrets: Readonly<Record<string, string>>): number {
  const env = Object.entries(environment).map(([name, value]) => ({ name, value }));
  const sec = Object.entries(secrets).map(([name, valueFrom]) => ({ name, valueFrom }));
  return Buffer.byteLength(JSON.stringify({ environment: env, secrets: sec }));
}
/** Condition values one ALB listener rule holds (host, paths, headers together). */
const ALB_RULE_CONDITION_VALUES = 5;

const svcPath = (name: string, ...rest: string[]): string => jsonPath(['services', name, ...rest]);

/** The secret's name (Secrets Manager) or parameter path without its leading slash (SSM), from its ARN. */
export function secretName(arn: string): string {
  const parts = arn.split(':');
  return parts[2] === 'ssm'
    ? parts
        .slice(5)
        .join(':')
        .replace(/^parameter\/?/, '')
    : (parts[6] ?? '');
}

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
      const names = customerDerivedNames(ctx.platform, c);
      customerNameKeys(ctx.platform, c).forEach((key, i) => {
        if (platform.has(key)) hits.set(key, names[i]);
      });
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
      nameViolations(customerDerivedNames(ctx.platform, c)).map((d) => ({
        path: 'name',
        value: c.name,
        message: `derived ${d.kind} "${d.value}" is ${d.value.length} characters`,
        allowed: `${d.allowed}; choose a shorter customer name`,
      })),
  },
  {
    id: 'derived-names-unique',
    description: "no two of a customer's derived AWS names are equal (a hyphenated service name can spell another resource's name)",
    check: (c, ctx) =>
      repeatedNames(customerDerivedNames(ctx.platform, c)).map(({ name, first }) => {
        const owner = first.service ? `service "${first.service}"` : `the customer's ${first.kind.replace(/ name$/, '')}`;
        return {
          path: name.service ? svcPath(name.service) : 'name',
          value: name.service ?? c.name,
          message: `derived ${name.kind} "${name.value}" is also the name of ${owner}`,
          allowed: name.service ? 'a service name whose derived AWS names no other resource of this customer has' : 'another customer name',
        };
      }),
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
    description: 'autoscaling has min <= max, a target to track (request counts only when routed), and desiredCount within min..max',
    check: (c) =>
      activeServices(c).flatMap(([n, s]): Finding[] => {
        const a = s.autoscaling;
        if (!a) return [];
        if (a.min === undefined || a.max === undefined)
          return [
            {
              path: svcPath(n, 'autoscaling'),
              value: a,
              message: 'autoscaling needs min and max',
              allowed: '{ "min": 2, "max": 6, "cpuTargetPercent": 70 }',
            },
          ];
        if (a.cpuTargetPercent === undefined && a.memoryTargetPercent === undefined && a.requestsPerTarget === undefined)
          return [
            {
              path: svcPath(n, 'autoscaling'),
              value: a,
              message: 'autoscaling needs a target to track',
              allowed: 'at least one of cpuTargetPercent, memoryTargetPercent, requestsPerTarget',
            },
          ];
        if (a.requestsPerTarget !== undefined && s.port === undefined)
          return [
            {
              path: svcPath(n, 'autoscaling', 'requestsPerTarget'),
              involves: [svcPath(n, 'port')],
              value: a.requestsPerTarget,
              message: `service "${n}" has no port, so the load balancer counts no requests for it`,
              allowed: 'cpuTargetPercent or memoryTargetPercent, or give the service a port',
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
    id: 'cdn-rule-conditions-fit',
    description:
      'behind the CDN, each listener rule holds host, origin-verify header and at most 3 path patterns (an ALB rule holds 5 condition values)',
    check: (c) =>
      c.cdn.enabled
        ? routedServices(c)
            .filter(([, s]) => (s.pathPatterns?.length ?? 0) > ALB_RULE_CONDITION_VALUES - 2)
            .map(([n, s]) => ({
              path: svcPath(n, 'pathPatterns'),
              involves: ['cdn.enabled'],
              value: s.pathPatterns,
              message: `${s.pathPatterns!.length} path patterns, the host and CloudFront's origin-verify header exceed the ${ALB_RULE_CONDITION_VALUES} condition values of an ALB listener rule`,
              allowed: `at most ${ALB_RULE_CONDITION_VALUES - 2} path patterns while cdn.enabled is true`,
            }))
        : [],
  },
  {
    id: 'image-pinned',
    description: 'every image is pinned by a version tag or a digest, never "latest" (which runs whatever was pushed last)',
    check: (c) =>
      activeServices(c)
        .filter(([, s]) => imageTag(s.image)?.toLowerCase() === 'latest')
        .map(([n, s]) => ({
          path: svcPath(n, 'image'),
          value: s.image,
          message: `image "${s.image}" is not pinned: "latest" runs whatever was pushed last, on the next task start`,
          allowed: `a version tag (${s.image.replace(/:[^:/]+$/, ':1.4.2')}) or a digest (${s.image.replace(/:[^:/]+$/, '@sha256:<64 hex digits>')})`,
        })),
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
    id: 'task-definition-size',
    description: 'a service fits in one ECS task definition (AWS refuses one over 64 KiB at apply)',
    check: (c) =>
      activeServices(c).flatMap(([n, s]): Finding[] => {
        const bytes = taskDefinitionBytes(s.environment, s.secrets);
        return bytes > TASK_DEFINITION_BUDGET_BYTES
          ? [
              {
                path: svcPath(n, 'environment'),
                involves: [svcPath(n, 'secrets')],
                value: `${Object.keys(s.environment).length} variables, ${Object.keys(s.secrets).length} secrets, about ${bytes} bytes`,
                message: `the environment and secrets of service "${n}" make its ECS task definition larger than AWS accepts`,
                allowed: `at most ${TASK_DEFINITION_BUDGET_BYTES} bytes of environment and secrets (ECS caps a task definition at ${TASK_DEFINITION_MAX_BYTES} bytes); move large values to a file or a secret`,
              },
            ]
          : [];
      }),
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
    id: 'secrets-under-own-prefix',
    description: "secret ARNs name the customer's own secrets (<app>/<environment>/<customer>/...) or a prefix _platform.json shares",
    check: (c, ctx) => {
      const own = customerNames(ctx.platform, c.name).secretsPrefix;
      const shared = ctx.platform.secrets?.sharedPrefixes ?? [];
      const allowed = `a secret or parameter named ${own}<name>${
        shared.length ? ` or under a shared prefix (${shared.join(', ')})` : ''
      }; secrets every customer may read go under a prefix listed in customers/_platform.json secrets.sharedPrefixes`;
      const sharesOwn = shared
        .filter((prefix) => prefix.startsWith(own))
        .map((prefix) => ({
          path: 'name',
          value: c.name,
          message: `customers/_platform.json shares the prefix "${prefix}", which lies inside customer ${c.name}'s own ${own}`,
          allowed: "a shared prefix outside every customer's prefix (rename it in secrets.sharedPrefixes), or another customer name",
        }));
      return sharesOwn.concat(
        activeServices(c).flatMap(([n, s]) =>
          Object.entries(s.secrets)
            .filter(([, arn]) => ![own, ...shared].some((prefix) => secretName(arn).startsWith(prefix)))
            .map(([k, arn]) => ({
              path: svcPath(n, 'secrets', k),
              value: arn,
              message: `secret "${secretName(arn)}" is outside customer ${c.name}'s own prefix ${own}`,
              allowed,
            })),
        ),
      );
    },
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

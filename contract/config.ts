/**
 * TypeScript view of the config contract (customers/_schema/*.schema.json). The schemas
 * are the source of truth; these types describe what a validated, merged file holds.
 * Platform settings with a schema `default` are filled in when _platform.json is loaded,
 * so they are required here and no code needs a fallback for them.
 */

export type Tier = 'small' | 'medium' | 'large';
export type Isolation = 'pooled' | 'dedicated';

export interface PlatformConfig {
  readonly appName: string;
  readonly environment: string;
  readonly region: string;
  readonly domain: {
    readonly name: string;
    readonly hostedZoneId: string;
    readonly certificateArn?: string;
  };
  readonly network: {
    readonly cidr: string;
    readonly azCount: 2 | 3;
    readonly natGateways: 'one-per-az' | 'single';
    readonly flowLogRetentionDays: number;
  };
  readonly state: {
    readonly bucket: string;
    readonly lockTable: string;
    readonly kmsKeyId?: string;
    readonly useLockfile: boolean;
    readonly noncurrentVersionExpirationDays: number;
    readonly accessLogBucket?: string;
  };
  readonly ecr: {
    readonly repositories: readonly string[];
    readonly immutableTags: boolean;
    readonly keepTaggedImages: number;
    readonly untaggedExpiryDays: number;
  };
  readonly loadBalancer: {
    readonly customersPerAlb: number;
    readonly accessLogRetentionDays: number;
    readonly idleTimeoutSeconds: number;
  };
  /** Cost-allocation tags and the usage the estimate assumes (see generator/cost/assumptions.ts). */
  readonly cost?: {
    /** @default true */
    readonly activateAllocationTags?: boolean;
    /** @default [] */
    readonly allocationTags?: readonly string[];
    readonly usage?: Readonly<Record<string, number>>;
  };
  readonly tags: Readonly<Record<string, string>>;
  /** Policy waivers covering every workspace. @default [] */
  readonly waivers?: readonly Waiver[];
  readonly waf: {
    readonly enabled: boolean;
    /** Why the platform runs without a WAF; required when `enabled` is false. */
    readonly disabledReason?: string;
    readonly rateLimitPer5Minutes: number;
  };
  readonly secrets?: {
    /**
     * Secret name prefixes (ending in `/`) every customer may reference, besides its own
     * `<app>/<environment>/<customer>/`.
     *
     * @default [] (each customer reads only its own secrets)
     */
    readonly sharedPrefixes?: readonly string[];
  };
  readonly ci: {
    /** AWS account the CI roles live in (12 digits). */
    readonly accountId: string;
    /** `owner/name` of the GitHub repository trusted to assume the CI roles. */
    readonly repository: string;
    readonly defaultBranch: string;
    readonly terraformVersion: string;
    /** Jobs of one run (plan, apply wave, drift) running at once. */
    readonly maxParallel: number;
    /** Most jobs a run splits its workspaces into, each a slice of them. */
    readonly maxJobs: number;
    /** Workspaces one job plans or applies at once. */
    readonly jobParallelism: number;
  };
}

export type DataStore = 'database' | 'cache' | 'uploads';

export interface AutoscalingConfig {
  readonly min: number;
  readonly max: number;
  /** Average CPU the service is kept at. @default - no CPU tracking */
  readonly cpuTargetPercent?: number;
  /** Average memory the service is kept at. @default - no memory tracking */
  readonly memoryTargetPercent?: number;
  /** ALB requests per task (routed services only). @default - no request-count tracking */
  readonly requestsPerTarget?: number;
  /** @default 300 */
  readonly scaleInCooldownSeconds?: number;
  /** @default 60 */
  readonly scaleOutCooldownSeconds?: number;
}

export interface ServiceConfig {
  readonly enabled: boolean;
  readonly image: string;
  readonly port?: number;
  readonly pathPatterns?: readonly string[];
  readonly healthCheckPath?: string;
  readonly healthCheckCommand?: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly desiredCount: number;
  readonly autoscaling?: AutoscalingConfig;
  readonly readonlyRootFilesystem: boolean;
  /**
   * The customer's data stores this service reaches (connection settings + network path).
   *
   * @default [] (none)
   */
  readonly dataStores?: readonly DataStore[];
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, string>>;
  /**
   * Roll a deployment back when the service's critical 5xx-rate or p95-latency alarm fires (routed services).
   *
   * @default true (serviceDefaults)
   */
  readonly deploymentAlarms?: boolean;
  /**
   * Allow ECS Exec sessions into the service's containers (logged and encrypted by the cluster).
   *
   * @default false (serviceDefaults)
   */
  readonly ecsExec?: boolean;
  /**
   * Load balancer cookie stickiness of the service's target group.
   *
   * @default - off (serviceDefaults)
   */
  readonly stickySessions?: { readonly enabled: boolean; readonly durationSeconds: number };
}

export type AlarmLevel = 'warning' | 'critical';

/** The threshold of each alarm level; a level left out has no alarm. */
export interface AlarmLevels {
  readonly warning?: number;
  readonly critical?: number;
}

export interface AlertThresholds {
  readonly serviceCpuPercent: AlarmLevels;
  readonly serviceMemoryPercent: AlarmLevels;
  readonly targetResponseTimeP95Ms: AlarmLevels;
  readonly target5xxPercent: AlarmLevels;
  readonly databaseCpuPercent: AlarmLevels;
  readonly databaseConnectionsPercent: AlarmLevels;
  readonly databaseFreeStoragePercent: AlarmLevels;
  readonly cacheCpuPercent: AlarmLevels;
  readonly cacheMemoryPercent: AlarmLevels;
}

export interface AlertsConfig {
  /** Receive both levels and the budget alerts. */
  readonly emails: readonly string[];
  readonly warning: { readonly emails: readonly string[] };
  readonly critical: { readonly emails: readonly string[] };
  readonly thresholds: AlertThresholds;
}

/** An exception to a policy rule (modules/policy), as written in a config file. */
export interface Waiver {
  readonly rule: string;
  /** Glob over resource addresses and construct paths. @default - every resource the file covers */
  readonly resource?: string;
  readonly reason: string;
}

/** A customer after defaults → tier → customer merge: every setting present. */
export interface CustomerConfig {
  readonly name: string;
  readonly displayName?: string;
  readonly tier: Tier;
  readonly domain: string;
  readonly isolation: Isolation;
  readonly services: Readonly<Record<string, ServiceConfig>>;
  readonly database: {
    readonly enabled: boolean;
    readonly engineVersion: string;
    readonly instanceClass: string;
    readonly allocatedStorageGiB: number;
    readonly maxAllocatedStorageGiB: number;
    readonly multiAz: boolean;
    readonly readReplicas: number;
    readonly backupRetentionDays: number;
  };
  readonly cache: {
    readonly enabled: boolean;
    readonly engineVersion: string;
    readonly nodeType: string;
    readonly replicas: number;
    readonly snapshotRetentionDays: number;
  };
  readonly storage: { readonly uploads: boolean };
  readonly cdn: {
    readonly enabled: boolean;
    readonly assetsOrigin: boolean;
    readonly priceClass: string;
    /** Default TTL of /assets/* at the edge; the origin's Cache-Control may shorten it. */
    readonly assetsCacheTtlSeconds: number;
    /** Standard access logs into the customer's CDN logs bucket. */
    readonly accessLogs: boolean;
    /** HSTS max-age of the security-headers response policy; 0 leaves the security headers out. */
    readonly hstsMaxAgeSeconds: number;
  };
  readonly encryption: {
    readonly customerKey: boolean;
    /**
     * Database and cache stay on the AWS-managed key (an existing store would be replaced by a key change).
     * @default - true when the generated workspace already holds them without a key (generator/data-stores/key-pinning.ts)
     */
    readonly keepDataStoreKey?: boolean;
  };
  readonly logs: {
    /** Application (container) logs and ECS Exec session logs. */
    readonly retentionDays: number;
    /** Database logs exported to CloudWatch (server and upgrade logs). */
    readonly databaseRetentionDays: number;
  };
  readonly backup: {
    readonly enabled: boolean;
    readonly dailyRetentionDays: number;
    /** 0: no weekly backups. */
    readonly weeklyRetentionDays: number;
  };
  readonly dashboard: { readonly enabled: boolean };
  readonly alerts: AlertsConfig;
  readonly budget: { readonly monthlyUsd: number };
  readonly tags: Readonly<Record<string, string>>;
  readonly rolloutWave: number;
  readonly decommission: boolean;
  readonly waivers: readonly Waiver[];
}

/** Which layer set a value: `defaults`, `tier:<name>` or `customer`. */
export type LayerName = 'defaults' | `tier:${Tier}` | 'customer';

export interface LayerSource {
  readonly layer: LayerName;
  /** Repository-relative path of the file the layer came from. */
  readonly file: string;
  /**
   * Where in that file the value was set, when not at the same path: a service key
   * filled from `serviceDefaults` (e.g. `serviceDefaults.cpu`).
   *
   * @default - the same path as the value
   */
  readonly key?: string;
}

/** A merged customer with where each leaf came from (keyed by dotted JSON path). */
export interface ResolvedCustomer {
  readonly config: CustomerConfig;
  readonly provenance: ReadonlyMap<string, LayerSource>;
  /** Repository-relative path of customers/<name>/config.json. */
  readonly file: string;
  /** Folder name under customers/. */
  readonly folder: string;
}

/** Enabled services only, in name order. */
export function activeServices(customer: CustomerConfig): [string, ServiceConfig][] {
  return Object.entries(customer.services)
    .filter(([, s]) => s.enabled)
    .sort(([a], [b]) => a.localeCompare(b));
}

/** Enabled services reachable through the load balancer (they have a port). */
export function routedServices(customer: CustomerConfig): [string, ServiceConfig & { port: number }][] {
  return activeServices(customer).filter((e): e is [string, ServiceConfig & { port: number }] => e[1].port !== undefined);
}

/** Enabled services as the naming rules see them: name, and whether they are routed. */
export function namedServices(customer: CustomerConfig): { name: string; routed: boolean }[] {
  return activeServices(customer).map(([name, s]) => ({ name, routed: s.port !== undefined }));
}

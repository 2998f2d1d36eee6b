/**
 * Every AWS name the generator derives, in one place. Constructs use these functions and
 * the validator checks the same functions' results against AWS limits, so a name that
 * would be rejected by AWS is rejected at validation time instead.
 */

export interface NamingContext {
  readonly appName: string;
  readonly environment: string;
}

/** Twelve digits stand in for the account id that uploads bucket names end with. */
export const ACCOUNT_ID_PLACEHOLDER = '123456789012';

export const WORKSPACES = {
  bootstrap: 'bootstrap',
  platform: 'platform',
  customer: (customer: string): string => `customer-${customer}`,
} as const;

export const STATE_KEYS = {
  platform: 'platform/terraform.tfstate',
  customer: (customer: string): string => `customers/${customer}/terraform.tfstate`,
} as const;

/** The key every backend block names: the configured one, or the bootstrap's own by its alias. */
export function stateKmsKeyId(ctx: NamingContext, configured: string | undefined): string {
  return configured ?? platformNames(ctx).stateKeyAlias;
}

/** The bucket the state bucket's access logs go to: the configured one, or `<bucket>-logs`. */
export function stateAccessLogBucket(stateBucket: string, configured: string | undefined): string {
  return configured ?? `${stateBucket}-logs`;
}

/** Days the state bucket's server access logs are kept. */
export const STATE_ACCESS_LOG_RETENTION_DAYS = 365;

/** The AWS partition of a region: `aws-cn` in China, `aws-us-gov` in GovCloud, else `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** ARNs of the CI roles, known before they exist: account id from the config, names from the naming rules. */
export function ciRoleArns(ctx: NamingContext & { readonly region: string }, accountId: string): { plan: string; apply: string } {
  const p = platformNames(ctx);
  const arn = (name: string): string => `arn:${partitionOf(ctx.region)}:iam::${accountId}:role/${name}`;
  return { plan: arn(p.githubPlanRole), apply: arn(p.githubApplyRole) };
}

/** `<app>-<env>`, the prefix of most platform names. */
export function platformPrefix(ctx: NamingContext): string {
  return `${ctx.appName}-${ctx.environment}`;
}

export function albShardName(ctx: NamingContext, shard: number): string {
  return `${platformPrefix(ctx)}-alb-${shard}`;
}

/** Names of the shared platform's resources. */
export function platformNames(ctx: NamingContext) {
  const prefix = platformPrefix(ctx);
  return {
    prefix,
    vpc: prefix,
    subnet: (tier: string, az: number): string => `${prefix}-${tier}-${az}`,
    natGateway: (az: number): string => `${prefix}-nat-${az}`,
    routeTable: (tier: string, az?: number): string => (az === undefined ? `${prefix}-${tier}` : `${prefix}-${tier}-${az}`),
    flowLogGroup: `/vpc/${prefix}/flow-logs`,
    flowLogRole: `${prefix}-vpc-flow-logs`,
    /** The bootstrap's state key, named so every backend block can refer to it before it exists. */
    stateKeyAlias: `alias/${prefix}-terraform-state`,
    endpointSecurityGroup: `${prefix}-vpc-endpoints`,
    albSecurityGroup: `${prefix}-alb`,
    /** Roles GitHub Actions assumes through OIDC (created by the bootstrap workspace). */
    githubPlanRole: `${prefix}-github-plan`,
    githubApplyRole: `${prefix}-github-apply`,
    /** Web ACLs: the regional one on every ALB, the CloudFront one (us-east-1) on every distribution. */
    regionalWebAcl: prefix,
    cloudfrontWebAcl: `${prefix}-cloudfront`,
    cluster: prefix,
    /** Namespaced by app and environment so two environments can share an account. */
    ecrRepository: (repository: string): string => `${prefix}/${repository}`,
    /** Bucket names are global: the account id keeps them unique. */
    albAccessLogsBucket: (accountId: string): string => `${prefix}-alb-logs-${accountId}`,
    /** ECS Exec sessions on the shared cluster: logged here, encrypted with this key. */
    execLogGroup: `/ecs/${prefix}/exec-sessions`,
    execKeyAlias: `alias/${prefix}-ecs-exec`,
    dashboard: prefix,
    /** Root of the Secrets Manager names and SSM paths of this app and environment: each customer's own lie under it. */
    secretsPath: `${ctx.appName}/${ctx.environment}`,
  };
}

/** Names of one customer's resources. */
export function customerNames(ctx: NamingContext, customer: string) {
  const prefix = `${platformPrefix(ctx)}-${customer}`;
  return {
    prefix,
    workspace: WORKSPACES.customer(customer),
    stateKey: STATE_KEYS.customer(customer),
    /** ALB target group names are capped at 32 characters, hence no app prefix. */
    targetGroup: (service: string): string => `${ctx.environment}-${customer}-${service}`,
    ecsService: (service: string): string => `${customer}-${service}`,
    taskFamily: (service: string): string => `${prefix}-${service}`,
    logGroup: (service: string): string => `/ecs/${customer}-${service}`,
    serviceSecurityGroup: (service: string): string => `${prefix}-${service}`,
    databaseIdentifier: prefix,
    databaseReplicaIdentifier: (index: number): string => `${prefix}-replica-${index}`,
    databaseFinalSnapshot: `${prefix}-final`,
    cacheReplicationGroup: prefix,
    /** ElastiCache names a replication group's member clusters `<group>-001`, `-002`, … */
    cacheMemberCluster: (index: number): string => `${prefix}-${String(index).padStart(3, '0')}`,
    uploadsBucket: (accountId: string): string => `${prefix}-uploads-${accountId}`,
    /** Each service has its own task role, granted only the data stores it lists. */
    taskRole: (service: string): string => `${prefix}-${service}-task`,
    /** Secrets Manager names and SSM parameter paths the customer's services may read (besides shared prefixes). */
    secretsPrefix: `${ctx.appName}/${ctx.environment}/${customer}/`,
    /** The CloudFront origin-verify header value, under the customer's own secret prefix. */
    originVerifySecret: `${ctx.appName}/${ctx.environment}/${customer}/cdn-origin-verify`,
    executionRole: `${prefix}-execution`,
    /**
     * Service names may hold hyphens, so a service named `database-sg` would derive this
     * very name: derivedNames lists both, and validation refuses a customer whose derived
     * names repeat (rule.derived-names-unique) or meet another customer's (rule.unique-names).
     */
    databaseSecurityGroup: `${prefix}-database-sg`,
    cacheSecurityGroup: `${prefix}-cache-sg`,
    dedicatedAlbSecurityGroup: `${prefix}-alb-sg`,
    databaseSubnetGroup: prefix,
    /** A major version upgrade needs a new parameter group beside the old one. */
    databaseParameterGroup: (engineVersion: string): string => `${prefix}-postgres${engineVersion}`,
    cacheSubnetGroup: prefix,
    /** IAM authentication requires the user id to equal the user name. */
    cacheUser: `${prefix}-app`,
    /** Every user group needs a user named "default"; each customer brings its own, switched off. */
    cacheDefaultUser: `${prefix}-default`,
    cacheUserGroup: prefix,
    cdnOriginAccessControl: prefix,
    cdnApiCachePolicy: `${prefix}-api`,
    cluster: prefix,
    /** Dedicated ALBs: 32 characters at most, hence no app prefix. */
    dedicatedAlb: `${ctx.environment}-${customer}`,
    dedicatedAlbLogsPrefix: `customers/${customer}`,
    kmsAlias: `alias/${prefix}`,
    /** Critical alerts and the budget's; the name predates alert levels. */
    alertsTopic: `${prefix}-alerts`,
    warningAlertsTopic: `${prefix}-alerts-warning`,
    /** `<prefix>-<subject>-<metric>-<level>`: subject is a service, `database` or `cache-<n>`. */
    alarm: (subject: string, metric: AlarmMetric, level: 'warning' | 'critical'): string => `${prefix}-${subject}-${metric}-${level}`,
    scalingPolicy: (service: string, metric: 'cpu' | 'memory' | 'requests'): string => `${prefix}-${service}-${metric}`,
    /** RDS writes exported logs here; the workspace creates the groups first to own their retention. */
    databaseLogGroup: (identifier: string, logType: string): string => `/aws/rds/instance/${identifier}/${logType}`,
    budget: `${prefix}-monthly`,
    /** AWS Backup vault, plan, selection and service role of the database. */
    backup: `${prefix}-backup`,
    /** CloudFront standard access logs. */
    cdnLogsBucket: (accountId: string): string => `${prefix}-cdn-logs-${accountId}`,
    cdnAssetsCachePolicy: `${prefix}-assets`,
    cdnSecurityHeadersPolicy: `${prefix}-security-headers`,
    /** ECS Exec session logs of a dedicated cluster. */
    execLogGroup: `/ecs/${customer}/exec-sessions`,
    dashboard: prefix,
  };
}

export type CustomerNames = ReturnType<typeof customerNames>;

/** The metric part of every alarm name (see customerNames().alarm). */
export const ALARM_METRICS = ['5xx-rate', 'latency-p95', 'unhealthy-hosts', 'cpu', 'memory', 'free-storage', 'connections'] as const;
export type AlarmMetric = (typeof ALARM_METRICS)[number];
/** Cache member clusters a replication group can have: a primary and at most 5 replicas. */
const MAX_CACHE_NODES = 6;

export interface NameLimit {
  /** What the name is for, as users read it in an error. */
  readonly kind: string;
  readonly maxLength: number;
  readonly minLength?: number;
  readonly pattern?: RegExp;
  readonly allowed: string;
  /** Names that must not collide across customers share a namespace. @default - the kind */
  readonly namespace?: string;
}

export interface DerivedName extends NameLimit {
  readonly value: string;
  /**
   * The service the name belongs to.
   *
   * @default - the customer as a whole
   */
  readonly service?: string;
}

const TG: NameLimit = {
  kind: 'ALB target group name',
  maxLength: 32,
  pattern: /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
  allowed: 'at most 32 characters: letters, digits, hyphens',
};
const RDS: NameLimit = {
  kind: 'RDS instance identifier',
  namespace: 'RDS instance identifier',
  maxLength: 63,
  pattern: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/,
  allowed: 'at most 63 characters, starting with a letter',
};
const REDIS: NameLimit = {
  kind: 'ElastiCache replication group id',
  maxLength: 40,
  pattern: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/,
  allowed: 'at most 40 characters, starting with a letter',
};
const S3: NameLimit = {
  kind: 'S3 bucket name (with the 12-digit account id suffix)',
  minLength: 3,
  maxLength: 63,
  pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
  allowed: '3 to 63 lowercase characters',
};
const IAM_ROLE: NameLimit = { kind: 'IAM role name', maxLength: 64, allowed: 'at most 64 characters' };
const ALB: NameLimit = {
  kind: 'ALB name',
  namespace: 'ALB name',
  maxLength: 32,
  pattern: /^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/,
  allowed: 'at most 32 characters: letters, digits, hyphens',
};
const ECS: NameLimit = { kind: 'ECS name', maxLength: 255, allowed: 'at most 255 characters' };
const SG: NameLimit = {
  kind: 'security group name',
  maxLength: 255,
  pattern: /^(?!sg-)[A-Za-z0-9._-]+$/,
  allowed: 'at most 255 characters, not starting with "sg-"',
};
const LOG_GROUP: NameLimit = {
  kind: 'CloudWatch log group name',
  maxLength: 512,
  pattern: /^[A-Za-z0-9_\-/.#]+$/,
  allowed: 'at most 512 characters: letters, digits, _ - / . #',
};
const TASK_FAMILY: NameLimit = {
  kind: 'ECS task definition family',
  maxLength: 255,
  pattern: /^[A-Za-z0-9_-]+$/,
  allowed: 'at most 255 characters: letters, digits, hyphens, underscores',
};
const BACKUP: NameLimit = {
  kind: 'AWS Backup vault name',
  maxLength: 50,
  minLength: 2,
  pattern: /^[A-Za-z0-9_-]+$/,
  allowed: '2 to 50 characters: letters, digits, hyphens, underscores',
};
const KMS_ALIAS: NameLimit = { kind: 'KMS alias', maxLength: 256, pattern: /^alias\/[A-Za-z0-9/_-]+$/, allowed: 'at most 256 characters' };
const ALARM: NameLimit = { kind: 'CloudWatch alarm name', maxLength: 255, allowed: 'at most 255 characters' };
const CACHE_USER: NameLimit = {
  kind: 'ElastiCache user id',
  namespace: 'ElastiCache user id',
  maxLength: 255,
  pattern: /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/,
  allowed: 'a letter, then letters, digits and single hyphens',
};

/** A service as naming sees it: routed services (with a port) also get a target group. */
export interface NamedService {
  readonly name: string;
  readonly routed: boolean;
}

/** Every derived name of a customer with the limit it must fit. */
export function derivedNames(ctx: NamingContext, customer: string, services: readonly NamedService[], dedicated: boolean): DerivedName[] {
  const n = customerNames(ctx, customer);
  const out: DerivedName[] = [
    { ...RDS, value: n.databaseIdentifier },
    // Every replica the schema allows: another customer's primary must not take one's name.
    ...[1, 2, 3, 4, 5].map((i) => ({ ...RDS, kind: 'RDS read replica identifier', value: n.databaseReplicaIdentifier(i) })),
    { ...REDIS, value: n.cacheReplicationGroup },
    { ...S3, value: n.uploadsBucket(ACCOUNT_ID_PLACEHOLDER) },
    { ...S3, value: n.cdnLogsBucket(ACCOUNT_ID_PLACEHOLDER) },
    { ...BACKUP, value: n.backup },
    { ...IAM_ROLE, value: n.backup },
    { ...LOG_GROUP, value: n.execLogGroup },
    { ...KMS_ALIAS, value: n.kmsAlias },
    { ...IAM_ROLE, value: n.executionRole },
    { ...ECS, kind: 'ECS cluster name', value: n.cluster },
    { ...SG, value: n.databaseSecurityGroup },
    { ...SG, value: n.cacheSecurityGroup },
    { ...CACHE_USER, value: n.cacheUser },
    { ...CACHE_USER, value: n.cacheDefaultUser },
  ];
  // Every alarm a subject could have, whether or not it has it now: a name must stay free for it.
  const alarms = (subject: string, service?: string): DerivedName[] =>
    ALARM_METRICS.flatMap((metric) =>
      (['warning', 'critical'] as const).map((level) => ({ ...ALARM, value: n.alarm(subject, metric, level), service })),
    );
  out.push(...alarms('database'));
  for (let i = 1; i <= MAX_CACHE_NODES; i++) out.push(...alarms(`cache-${i}`));
  for (const s of services) {
    const own = { service: s.name };
    if (s.routed) out.push({ ...TG, ...own, value: n.targetGroup(s.name) });
    out.push({ ...ECS, ...own, kind: 'ECS service name', value: n.ecsService(s.name) });
    out.push({ ...SG, ...own, value: n.serviceSecurityGroup(s.name) });
    out.push({ ...LOG_GROUP, ...own, value: n.logGroup(s.name) });
    out.push({ ...TASK_FAMILY, ...own, value: n.taskFamily(s.name) });
    out.push(...alarms(s.name, s.name));
    out.push({ ...IAM_ROLE, ...own, value: n.taskRole(s.name) });
  }
  if (dedicated) {
    out.push({ ...ALB, kind: 'dedicated ALB name', value: n.dedicatedAlb });
    out.push({ ...SG, value: n.dedicatedAlbSecurityGroup });
  }
  return out;
}

/**
 * Names the shared platform takes in namespaces customers derive names in too (IAM roles,
 * VPC security groups, load balancers, ECS clusters, KMS aliases): a customer deriving one of these
 * would collide with, or be mistaken for, the platform's own resource.
 */
export function platformOwnedNames(ctx: NamingContext, maxShards = 100): DerivedName[] {
  const p = platformNames(ctx);
  return [
    { ...IAM_ROLE, value: p.flowLogRole },
    { ...IAM_ROLE, value: p.githubPlanRole },
    { ...IAM_ROLE, value: p.githubApplyRole },
    { ...SG, value: p.endpointSecurityGroup },
    { ...SG, value: p.albSecurityGroup },
    { ...ECS, kind: 'ECS cluster name', value: p.cluster },
    { ...KMS_ALIAS, value: p.execKeyAlias },
    ...Array.from({ length: maxShards }, (_, shard) => ({ ...ALB, kind: 'ALB shard name', value: albShardName(ctx, shard) })),
  ];
}

/** The key two derived names collide on: same namespace, same value. */
export function nameKey(d: DerivedName): string {
  return `${d.namespace ?? d.kind} ${d.value}`;
}

/** Pairs of derived names of one customer that are equal in one namespace: the later one, and who holds it first. */
export function repeatedNames(names: readonly DerivedName[]): { name: DerivedName; first: DerivedName }[] {
  const seen = new Map<string, DerivedName>();
  const out: { name: DerivedName; first: DerivedName }[] = [];
  for (const d of names) {
    const key = nameKey(d);
    const first = seen.get(key);
    if (first) out.push({ name: d, first });
    else seen.set(key, d);
  }
  return out;
}

/** The derived names that break their limit. */
export function nameViolations(names: readonly DerivedName[]): DerivedName[] {
  return names.filter(
    (d) => d.value.length > d.maxLength || d.value.length < (d.minLength ?? 1) || (d.pattern !== undefined && !d.pattern.test(d.value)),
  );
}

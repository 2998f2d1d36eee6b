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
    /** Two-part suffixes: service names hold no hyphen, so these never meet a service's group. */
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
    alertsTopic: `${prefix}-alerts`,
    alarm: (what: string): string => `${prefix}-${what}`,
    scalingPolicy: (service: string): string => `${prefix}-${service}-cpu`,
    /** RDS writes exported logs here; the workspace creates the groups first to own their retention. */
    databaseLogGroup: (identifier: string, logType: string): string => `/aws/rds/instance/${identifier}/${logType}`,
    budget: `${prefix}-monthly`,
  };
}

export type CustomerNames = ReturnType<typeof customerNames>;

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
    { ...IAM_ROLE, value: n.executionRole },
    { ...ECS, kind: 'ECS cluster name', value: n.cluster },
    { ...SG, value: n.databaseSecurityGroup },
    { ...SG, value: n.cacheSecurityGroup },
    { ...CACHE_USER, value: n.cacheUser },
    { ...CACHE_USER, value: n.cacheDefaultUser },
  ];
  for (const s of services) {
    if (s.routed) out.push({ ...TG, value: n.targetGroup(s.name) });
    out.push({ ...ECS, kind: 'ECS service name', value: n.ecsService(s.name) });
    out.push({ ...SG, value: n.serviceSecurityGroup(s.name) });
    out.push({ ...IAM_ROLE, value: n.taskRole(s.name) });
  }
  if (dedicated) {
    out.push({ ...ALB, kind: 'dedicated ALB name', value: n.dedicatedAlb });
    out.push({ ...SG, value: n.dedicatedAlbSecurityGroup });
  }
  return out;
}

/**
 * Names the shared platform takes in namespaces customers derive names in too (IAM roles,
 * VPC security groups, load balancers, ECS clusters): a customer deriving one of these
 * would collide with, or be mistaken for, the platform's own resource.
 */
export function platformOwnedNames(ctx: NamingContext, maxShards = 100): DerivedName[] {
  const p = platformNames(ctx);
  return [
    { ...IAM_ROLE, value: p.flowLogRole },
    { ...SG, value: p.endpointSecurityGroup },
    { ...SG, value: p.albSecurityGroup },
    { ...ECS, kind: 'ECS cluster name', value: p.cluster },
    ...Array.from({ length: maxShards }, (_, shard) => ({ ...ALB, kind: 'ALB shard name', value: albShardName(ctx, shard) })),
  ];
}

/** The key two derived names collide on: same namespace, same value. */
export function nameKey(d: DerivedName): string {
  return `${d.namespace ?? d.kind} ${d.value}`;
}

/** The derived names that break their limit. */
export function nameViolations(names: readonly DerivedName[]): DerivedName[] {
  return names.filter(
    (d) => d.value.length > d.maxLength || d.value.length < (d.minLength ?? 1) || (d.pattern !== undefined && !d.pattern.test(d.value)),
  );
}

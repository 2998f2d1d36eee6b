import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Fn, Lazy } from 'cdktf';
import { Construct } from 'constructs';
import {
  activeServices,
  type CustomerConfig,
  type DataStore,
  type PlatformConfig,
  routedServices,
  type ServiceConfig,
} from '../../contract/config';
import { customerNames, type CustomerNames, platformNames } from '../naming';
import { Alarms, deploymentAlarmNames } from './alarms';
import { AwsAccount } from './aws-account';
import { DatabaseBackup } from './backup';
import { activatesCostTags } from '../platform/cost-allocation-tags';
import { CustomerBudget } from './budget';
import { Cache, REDIS_PORT } from './cache';
import { Cdn } from './cdn';
import { CdnAccessLogs } from './cdn-logs';
import { allowIngressFrom, allowTcp } from './connections';
import { Database, DATABASE_LOG_EXPORTS, DATABASE_NAME, defaultDeletionProtection, POSTGRES_PORT } from './database';
import { DedicatedLoadBalancer } from './dedicated-load-balancer';
import { DedicatedExecSessions } from './exec-sessions';
import { execCommandConfiguration, type ExecSessionSettings } from '../platform/cluster';
import { CustomerDashboard } from './dashboard';
import { CustomerDns } from './dns';
import { CustomerKey } from './encryption';
import { OriginVerifySecret } from './origin-verify';
import { resolveImage } from './image';
import type { PlatformOutputs } from './platform-output-reader';
import { type CustomerRouting, Routing } from './routing';
import { Service } from './service';
import { UploadsBucket } from './storage';
import { TaskRoles } from './task-role';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';

export interface CustomerInstanceProps {
  readonly platform: PlatformConfig;
  /** The merged customer config. */
  readonly customer: CustomerConfig;
  /** ALB shard and listener priorities allocated by the generator. */
  readonly routing: CustomerRouting;
  /** The platform workspace's outputs (network, cluster, load balancers, certificates). */
  readonly platformOutputs: PlatformOutputs;
}

/** Where the customer's traffic enters: its platform ALB shard, or its own ALB. */
interface Edge {
  readonly listenerArn: string;
  readonly dnsName: string;
  readonly zoneId: string;
  readonly arnSuffix: string;
  readonly securityGroupId: string;
  /** Set when the ALB is the customer's own: its egress is then ours to open. */
  readonly ownSecurityGroup?: SecurityGroup;
}

/** Paths routed to one specific service are API-like and never cached; the catch-all is the site. */
function apiPathPatterns(customer: CustomerConfig, routing: CustomerRouting): string[] {
  return routedServices(customer)
    .sort(([a], [b]) => routing.priorities[a] - routing.priorities[b])
    .flatMap(([, s]) => s.pathPatterns ?? [])
    .filter((p) => p !== '/*');
}

/** What every step of the constructor reads: the props, the names and the settings derived once. */
interface Context {
  readonly platform: PlatformConfig;
  readonly c: CustomerConfig;
  readonly routing: CustomerRouting;
  readonly out: PlatformOutputs;
  readonly names: CustomerNames;
  readonly account: AwsAccount;
  readonly vpcId: string;
  readonly deletionProtection: boolean;
  /** Enabled services, in name order. */
  readonly services: [string, ServiceConfig][];
  readonly serviceLogGroups: string[];
  readonly assetsViaCdn: boolean;
  /** The customer's own KMS key, when it has one. */
  readonly kmsKeyArn?: string;
}

/** The cluster the services run in and the load balancer in front of them. */
interface Placement {
  readonly clusterArn: string;
  readonly clusterName: string;
  readonly edge: Edge;
  readonly dedicated?: DedicatedLoadBalancer;
  /** Where the cluster records ECS Exec sessions: the customer's own group (dedicated) or the platform's. */
  readonly execSessions: ExecSessionSettings;
}

/** Connection settings per data store; each service gets those of the stores it lists. */
interface Connections {
  readonly appEnvironment: Record<string, string>;
  readonly storeEnvironment: Record<DataStore, Record<string, string>>;
  readonly storeSecrets: Record<DataStore, Record<string, string>>;
  readonly storeGroups: Partial<Record<DataStore, { group: SecurityGroup; port: number; what: string }>>;
}

function databaseLogGroups(customer: CustomerConfig, names: CustomerNames): string[] {
  if (!customer.database.enabled) return [];
  const identifiers = [
    names.databaseIdentifier,
    ...Array.from({ length: customer.database.readReplicas }, (_, i) => names.databaseReplicaIdentifier(i + 1)),
  ];
  return identifiers.flatMap((id) => DATABASE_LOG_EXPORTS.map((t) => names.databaseLogGroup(id, t)));
}

/**
 * Everything one customer owns: services with routing, database, cache, uploads bucket,
 * CDN, DNS, alarms and budget, plus its own cluster, ALB and KMS key when dedicated.
 * A pure function of its props: it reads the platform only through `platformOutputs`.
 * The only construct besides the stacks that reads the config: it maps it to the props
 * of the constructs it composes, one named step per concern, in a fixed order.
 */
export class CustomerInstance extends Construct {
  readonly names: CustomerNames;
  readonly clusterName: string;
  readonly services: ReadonlyMap<string, Service>;
  readonly key?: KmsKey;
  readonly database?: Database;
  readonly cache?: Cache;
  readonly uploads?: UploadsBucket;
  readonly cdn?: Cdn;
  readonly dedicatedLoadBalancer?: DedicatedLoadBalancer;
  readonly alarms: Alarms;

  constructor(scope: Construct, id: string, props: CustomerInstanceProps) {
    super(scope, id);
    const { platform, customer: c, routing, platformOutputs: out } = props;
    this.names = customerNames(platform, c.name);
    const services = activeServices(c);
    const base = {
      platform,
      c,
      routing,
      out,
      names: this.names,
      account: new AwsAccount(this, 'account', { accountId: out.string('accountId'), region: platform.region }),
      vpcId: out.string('vpcId'),
      deletionProtection: defaultDeletionProtection(c),
      services,
      serviceLogGroups: services.map(([name]) => this.names.logGroup(name)),
      assetsViaCdn: c.cdn.enabled && c.cdn.assetsOrigin,
    };
    this.key = this.encryptionKey(base);
    const ctx: Context = { ...base, kmsKeyArn: this.key?.arn };

    const placement = this.placement(ctx);
    this.clusterName = placement.clusterName;
    this.dedicatedLoadBalancer = placement.dedicated;
    const stores = this.dataStores(ctx);
    this.database = stores.database;
    this.cache = stores.cache;
    this.uploads = stores.uploads;
    const roles = this.taskRoles(ctx);
    // Behind the CDN, the listener rules match only requests CloudFront signed with this header.
    const originVerify = c.cdn.enabled
      ? new OriginVerifySecret(this, 'origin-verify', { secretName: this.names.originVerifySecret, kmsKeyArn: ctx.kmsKeyArn })
      : undefined;
    const routes = this.routes(ctx, placement.edge, originVerify);
    this.services = this.ecsServices(ctx, placement, roles, routes);
    this.cdn = this.cdnAndDns(ctx, placement.edge, originVerify);
    this.alarms = this.alarmsAndBudget(ctx, placement.edge, routes);
  }

  /** The customer's own KMS key, when its config asks for one. */
  private encryptionKey(ctx: Omit<Context, 'kmsKeyArn'>): KmsKey | undefined {
    const { c, names } = ctx;
    return c.encryption.customerKey
      ? new CustomerKey(this, 'encryption', {
          alias: names.kmsAlias,
          description: `Data of customer ${c.name}: database, cache, uploads, logs, alerts`,
          account: ctx.account,
          logGroupNames: [
            ...ctx.serviceLogGroups,
            ...databaseLogGroups(c, names),
            ...(c.isolation === 'dedicated' ? [names.execLogGroup] : []),
          ],
          cloudFrontReads: ctx.assetsViaCdn,
        }).key
      : undefined;
  }

  /** Pooled: the platform's cluster and the allocated ALB shard. Dedicated: its own cluster and ALB. */
  private placement(ctx: Context): Placement {
    const { platform, c, routing, out, names } = ctx;
    if (c.isolation === 'dedicated') {
      // A dedicated cluster logs and encrypts ECS Exec sessions itself, whether or not a service allows them yet.
      const execSessions = new DedicatedExecSessions(this, 'exec-sessions', {
        logGroupName: names.execLogGroup,
        retentionDays: c.logs.retentionDays,
        kmsKeyArn: ctx.kmsKeyArn,
      }).settings;
      const cluster = new EcsCluster(this, 'cluster', {
        name: names.cluster,
        setting: [{ name: 'containerInsights', value: 'enabled' }],
        configuration: execCommandConfiguration(execSessions),
      });
      const own = new DedicatedLoadBalancer(this, 'load-balancer', {
        name: names.dedicatedAlb,
        securityGroupName: names.dedicatedAlbSecurityGroup,
        vpcId: ctx.vpcId,
        subnetIds: out.list('publicSubnetIds'),
        certificateArn: out.string('certificateArn'),
        accessLogsBucket: out.string('albAccessLogsBucket'),
        accessLogsPrefix: names.dedicatedAlbLogsPrefix,
        idleTimeoutSeconds: platform.loadBalancer.idleTimeoutSeconds,
        deletionProtection: ctx.deletionProtection,
        // Behind the CDN, clients must not skip it (and its WAF) by calling the ALB directly.
        cloudFrontOnly: ctx.c.cdn.enabled,
      });
      if (platform.waf.enabled)
        new Wafv2WebAclAssociation(this, 'load-balancer-web-acl', {
          resourceArn: own.loadBalancer.alb.arn,
          webAclArn: out.string('wafRegionalAclArn'),
        });
      const { alb, httpsListener } = own.loadBalancer;
      return {
        clusterArn: cluster.arn,
        clusterName: cluster.name,
        dedicated: own,
        execSessions,
        edge: {
          listenerArn: httpsListener.arn,
          dnsName: alb.dnsName,
          zoneId: alb.zoneId,
          arnSuffix: alb.arnSuffix,
          securityGroupId: own.securityGroup.id,
          ownSecurityGroup: own.securityGroup,
        },
      };
    }
    const shard = routing.albShard;
    if (shard === undefined) throw new Error(`pooled customer "${c.name}" has no ALB shard allocated`);
    return {
      clusterArn: out.string('clusterArn'),
      clusterName: out.string('clusterName'),
      // The shared cluster is the platform's: it records sessions in the platform's log group, with the platform's key.
      execSessions: { kmsKeyArn: out.string('execKmsKeyArn'), logGroupName: out.string('execLogGroupName') },
      edge: {
        listenerArn: out.atShard('albHttpsListenerArns', shard),
        dnsName: out.atShard('albDnsNames', shard),
        zoneId: out.atShard('albZoneIds', shard),
        arnSuffix: out.atShard('albArnSuffixes', shard),
        securityGroupId: out.string('albSecurityGroupId'),
      },
    };
  }

  /** Database, cache and uploads bucket, each when enabled. */
  private dataStores(ctx: Context): { database?: Database; cache?: Cache; uploads?: UploadsBucket } {
    const { c, names, kmsKeyArn } = ctx;
    // A key change replaces an existing RDS instance or ElastiCache group: keepDataStoreKey pins them to the AWS-managed key.
    const storeKey = c.encryption.keepDataStoreKey ? undefined : kmsKeyArn;
    const network = { vpcId: ctx.vpcId, subnetIds: ctx.out.list('databaseSubnetIds'), kmsKeyArn: storeKey };
    const database = c.database.enabled
      ? new Database(this, 'database', {
          ...network,
          names,
          engineVersion: c.database.engineVersion,
          instanceClass: c.database.instanceClass,
          allocatedStorageGiB: c.database.allocatedStorageGiB,
          maxAllocatedStorageGiB: c.database.maxAllocatedStorageGiB,
          multiAz: c.database.multiAz,
          readReplicas: c.database.readReplicas,
          backupRetentionDays: c.database.backupRetentionDays,
          deletionProtection: ctx.deletionProtection,
          logRetentionDays: c.logs.databaseRetentionDays,
        })
      : undefined;
    if (database && c.backup.enabled)
      new DatabaseBackup(this, 'backup', {
        name: names.backup,
        account: ctx.account,
        databaseArn: database.primary.arn,
        dailyRetentionDays: c.backup.dailyRetentionDays,
        weeklyRetentionDays: c.backup.weeklyRetentionDays,
        kmsKeyArn,
        preventDestroy: ctx.deletionProtection,
      });
    const cache = c.cache.enabled
      ? new Cache(this, 'cache', {
          ...network,
          names,
          engineVersion: c.cache.engineVersion,
          nodeType: c.cache.nodeType,
          replicas: c.cache.replicas,
          snapshotRetentionDays: c.cache.snapshotRetentionDays,
        })
      : undefined;
    const uploads = c.storage.uploads
      ? new UploadsBucket(this, 'uploads', {
          bucketName: names.uploadsBucket(ctx.account.accountId),
          kmsKeyArn,
          preventDestroy: ctx.deletionProtection,
          // The distribution is built from the bucket below; Terraform resolves the cycle-free order.
          cloudFrontDistributionArn: ctx.assetsViaCdn ? Lazy.stringValue({ produce: () => this.cdn?.distribution.arn }) : undefined,
        })
      : undefined;
    return { database, cache, uploads };
  }

  /** The execution role (image, logs, secrets) and one task role per service (the data stores it lists). */
  private taskRoles(ctx: Context): TaskRoles {
    const { names } = ctx;
    return new TaskRoles(this, 'roles', {
      executionRoleName: names.executionRole,
      ecrRepositoryPattern: platformNames(ctx.platform).ecrRepository('*'),
      account: ctx.account,
      logGroupNames: ctx.serviceLogGroups,
      configuredSecretArns: ctx.services.flatMap(([, s]) => Object.values(s.secrets)),
      databaseSecretArn: this.database?.secretArn,
      kmsKeyArn: ctx.kmsKeyArn,
      // Each service's own role holds only the stores it lists: the frontend touches neither bucket nor cache.
      taskRoles: ctx.services.map(([name, s]) => {
        const uses = (store: DataStore): boolean => (s.dataStores ?? []).includes(store);
        const bucket = uses('uploads') ? this.uploads : undefined;
        return {
          service: name,
          roleName: names.taskRole(name),
          grants: {
            bucketArn: bucket?.bucket.arn,
            // The key encrypts the bucket's objects; the cache authenticates through IAM and needs no key.
            kmsKeyArn: bucket ? ctx.kmsKeyArn : undefined,
            cacheConnectArns: uses('cache') && this.cache ? [this.cache.replicationGroup.arn, this.cache.user.arn] : undefined,
            execSessions: s.ecsExec
              ? {
                  logGroupArn: ctx.account.arn(
                    'logs',
                    `log-group:${ctx.c.isolation === 'dedicated' ? names.execLogGroup : platformNames(ctx.platform).execLogGroup}`,
                  ),
                  kmsKeyArn: ctx.c.isolation === 'dedicated' ? ctx.kmsKeyArn : ctx.out.string('execKmsKeyArn'),
                }
              : undefined,
          },
        };
      }),
    });
  }

  /** A target group and listener rule per routed service, at its allocated priority (requiring CloudFront's header behind the CDN). */
  private routes(ctx: Context, edge: Edge, originVerify: OriginVerifySecret | undefined): Routing['routes'] {
    const { c, routing, names } = ctx;
    return new Routing(this, 'routing', {
      listenerArn: edge.listenerArn,
      vpcId: ctx.vpcId,
      domain: c.domain,
      requiredHeader: originVerify ? { name: originVerify.headerName, value: originVerify.value } : undefined,
      services: routedServices(c).map(([name, s]) => {
        const priority = Object.hasOwn(routing.priorities, name) ? routing.priorities[name] : undefined;
        if (priority === undefined) throw new Error(`service "${name}" of "${c.name}" has no listener priority allocated`);
        return {
          name,
          targetGroupName: names.targetGroup(name),
          port: s.port,
          pathPatterns: s.pathPatterns ?? [],
          healthCheckPath: s.healthCheckPath ?? '/',
          priority,
          stickySessionSeconds: s.stickySessions?.enabled ? s.stickySessions.durationSeconds : undefined,
        };
      }),
    }).routes;
  }

  /** Connection settings per data store; each service gets those of the stores it lists. */
  private connections(ctx: Context): Connections {
    const appEnvironment: Record<string, string> = { APP_URL: `https://${ctx.c.domain}` };
    const storeEnvironment: Record<DataStore, Record<string, string>> = { database: {}, cache: {}, uploads: {} };
    const storeSecrets: Record<DataStore, Record<string, string>> = { database: {}, cache: {}, uploads: {} };
    if (this.uploads) storeEnvironment.uploads.UPLOADS_BUCKET = this.uploads.bucket.bucket;
    const storeGroups: Connections['storeGroups'] = {};
    if (this.database) {
      Object.assign(storeEnvironment.database, {
        DATABASE_HOST: this.database.primary.address,
        DATABASE_PORT: String(POSTGRES_PORT),
        DATABASE_NAME,
      });
      if (this.database.replicas.length)
        storeEnvironment.database.DATABASE_REPLICA_HOSTS = Fn.join(
          ',',
          this.database.replicas.map((r) => r.address),
        );
      storeSecrets.database.DATABASE_SECRET = this.database.secretArn;
      storeGroups.database = { group: this.database.securityGroup, port: POSTGRES_PORT, what: 'PostgreSQL' };
    }
    if (this.cache) {
      const rg = this.cache.replicationGroup;
      Object.assign(storeEnvironment.cache, {
        REDIS_HOST: rg.primaryEndpointAddress,
        REDIS_READER_HOST: rg.readerEndpointAddress,
        REDIS_PORT: String(REDIS_PORT),
        REDIS_USER: this.cache.user.userName,
        REDIS_TLS: 'true',
        REDIS_AUTH: 'iam',
      });
      storeGroups.cache = { group: this.cache.securityGroup, port: REDIS_PORT, what: 'Redis' };
    }
    return { appEnvironment, storeEnvironment, storeSecrets, storeGroups };
  }

  /** One ECS service per enabled service, with ingress from the load balancer and egress to its data stores. */
  private ecsServices(ctx: Context, placement: Placement, roles: TaskRoles, routes: Routing['routes']): Map<string, Service> {
    const { platform, c, out, names } = ctx;
    const { edge } = placement;
    const { appEnvironment, storeEnvironment, storeSecrets, storeGroups } = this.connections(ctx);
    const privateSubnetIds = out.list('privateSubnetIds');
    const built = new Map<string, Service>();
    for (const [name, s] of ctx.services) {
      const route = routes.get(name);
      const service = new Service(this, `service-${name}`, {
        containerName: name,
        port: s.port,
        cpu: s.cpu,
        memoryMiB: s.memoryMiB,
        desiredCount: s.desiredCount,
        autoscaling: s.autoscaling,
        readonlyRootFilesystem: s.readonlyRootFilesystem,
        healthCheckCommand: s.healthCheckCommand,
        environment: s.environment,
        secrets: s.secrets,
        image: resolveImage(s.image, platform.ecr.repositories, (repository) => out.entry('ecrRepositoryUrls', repository)),
        serviceName: names.ecsService(name),
        taskFamily: names.taskFamily(name),
        logGroupName: names.logGroup(name),
        logRetentionDays: c.logs.retentionDays,
        logKmsKeyArn: ctx.kmsKeyArn,
        securityGroupName: names.serviceSecurityGroup(name),
        scalingPolicyName: (metric) => names.scalingPolicy(name, metric),
        ecsExec: s.ecsExec,
        deploymentAlarmNames: route && s.deploymentAlarms !== false ? deploymentAlarmNames(names, name, c.alerts.thresholds) : [],
        region: platform.region,
        vpcId: ctx.vpcId,
        clusterArn: placement.clusterArn,
        clusterName: placement.clusterName,
        subnetIds: privateSubnetIds,
        executionRoleArn: roles.executionRole.arn,
        taskRoleArn: roles.taskRoles.get(name)?.arn,
        connectionEnvironment: Object.assign(
          // The container's own port, as most frameworks read it (the config's PORT wins).
          { ...appEnvironment, ...(s.port !== undefined ? { PORT: String(s.port) } : {}) },
          ...(s.dataStores ?? []).map((d) => storeEnvironment[d]),
        ),
        connectionSecrets: Object.assign({}, ...(s.dataStores ?? []).map((d) => storeSecrets[d])),
        loadBalancing: route
          ? {
              targetGroupArn: route.targetGroup.arn,
              listenerRule: route.rule,
              requestCountResourceLabel: `${edge.arnSuffix}/${route.targetGroup.arnSuffix}`,
            }
          : undefined,
      });
      const sg = service.securityGroup;
      if (route && s.port !== undefined) {
        const why = `${name} from the load balancer`;
        if (edge.ownSecurityGroup) allowTcp(this, `${name}-from-alb`, edge.ownSecurityGroup, sg, s.port, why);
        else allowIngressFrom(this, `${name}-from-alb`, sg, edge.securityGroupId, s.port, why);
      }
      for (const store of s.dataStores ?? []) {
        const target = storeGroups[store];
        if (target) allowTcp(this, `${name}-to-${store}`, sg, target.group, target.port, `${name} to ${target.what}`);
      }
      built.set(name, service);
    }
    return built;
  }

  /** The CloudFront distribution when enabled, and the DNS record pointing at it or at the load balancer. */
  private cdnAndDns(ctx: Context, edge: Edge, originVerify: OriginVerifySecret | undefined): Cdn | undefined {
    const { c, out, names } = ctx;
    const cdnLogs =
      c.cdn.enabled && c.cdn.accessLogs
        ? new CdnAccessLogs(this, 'cdn-logs', {
            bucketName: names.cdnLogsBucket(ctx.account.accountId),
            retentionDays: c.logs.retentionDays,
          })
        : undefined;
    const cdn = originVerify
      ? new Cdn(this, 'cdn', {
          domain: c.domain,
          albDnsName: edge.dnsName,
          certificateArn: out.string('cloudfrontCertificateArn'),
          priceClass: c.cdn.priceClass,
          apiPathPatterns: apiPathPatterns(c, ctx.routing),
          apiCachePolicyName: names.cdnApiCachePolicy,
          originVerify: { name: originVerify.headerName, value: originVerify.value },
          webAclArn: ctx.platform.waf.enabled ? out.string('wafCloudfrontAclArn') : undefined,
          assets:
            ctx.assetsViaCdn && this.uploads
              ? {
                  bucket: this.uploads.bucket,
                  originAccessControlName: names.cdnOriginAccessControl,
                  cachePolicyName: names.cdnAssetsCachePolicy,
                  cacheTtlSeconds: c.cdn.assetsCacheTtlSeconds,
                }
              : undefined,
          securityHeaders:
            c.cdn.hstsMaxAgeSeconds > 0
              ? { policyName: names.cdnSecurityHeadersPolicy, hstsMaxAgeSeconds: c.cdn.hstsMaxAgeSeconds }
              : undefined,
          accessLogs: cdnLogs
            ? { bucketDomainName: cdnLogs.bucket.bucketDomainName, prefix: `${c.name}/`, dependsOn: cdnLogs.acl }
            : undefined,
        })
      : undefined;
    new CustomerDns(this, 'dns', {
      zoneId: out.string('hostedZoneId'),
      domain: c.domain,
      target: cdn
        ? { dnsName: cdn.distribution.domainName, zoneId: cdn.distribution.hostedZoneId, evaluateTargetHealth: false, ipv6: true }
        : { dnsName: edge.dnsName, zoneId: edge.zoneId, evaluateTargetHealth: true, ipv6: false },
    });
    return cdn;
  }

  /** Alarms on the load balancer, services and data stores, and the monthly budget, both to the alert emails. */
  private alarmsAndBudget(ctx: Context, edge: Edge, routes: Routing['routes']): Alarms {
    const { c, names } = ctx;
    const alarms = new Alarms(this, 'alarms', {
      names,
      emails: c.alerts.emails,
      levelEmails: { warning: c.alerts.warning.emails, critical: c.alerts.critical.emails },
      thresholds: c.alerts.thresholds,
      kmsKeyArn: ctx.kmsKeyArn,
      loadBalancerArnSuffix: edge.arnSuffix,
      targetGroups: new Map([...routes].map(([name, r]) => [name, r.targetGroup.arnSuffix])),
      services: new Map([...this.services].map(([name]) => [name, { clusterName: this.clusterName, serviceName: names.ecsService(name) }])),
      database: this.database
        ? {
            identifier: this.database.primary.identifier,
            instanceClass: c.database.instanceClass,
            allocatedStorageGiB: c.database.allocatedStorageGiB,
          }
        : undefined,
      cacheMemberClusterIds: this.cache?.memberClusterIds,
    });
    if (c.dashboard.enabled)
      new CustomerDashboard(this, 'dashboard', {
        dashboardName: names.dashboard,
        region: ctx.platform.region,
        services: new Map(
          [...this.services].map(([name]) => [name, { clusterName: this.clusterName, serviceName: names.ecsService(name) }]),
        ),
        loadBalancerArnSuffix: edge.arnSuffix,
        targetGroups: new Map([...routes].map(([name, r]) => [name, r.targetGroup.arnSuffix])),
        databaseIdentifier: this.database?.primary.identifier,
        cacheMemberClusterIds: this.cache?.memberClusterIds,
      });
    new CustomerBudget(this, 'budget', {
      budgetName: names.budget,
      customer: c.name,
      monthlyUsd: c.budget.monthlyUsd,
      emails: c.alerts.emails,
      activatedTagKeys: activatesCostTags(ctx.platform) ? ctx.out.list('costAllocationTags') : undefined,
    });
    return alarms;
  }
}

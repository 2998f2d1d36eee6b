import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import type { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Fn, Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { activeServices, type CustomerConfig, type DataStore, type PlatformConfig, routedServices } from '../../contract/config';
import { customerNames, type CustomerNames, platformNames } from '../naming';
import { Alarms } from './alarms';
import { AwsAccount } from './aws-account';
import { CustomerBudget } from './budget';
import { Cache, REDIS_PORT } from './cache';
import { Cdn } from './cdn';
import { allowIngressFrom, allowTcp } from './connections';
import { Database, DATABASE_LOG_EXPORTS, DATABASE_NAME, defaultDeletionProtection, POSTGRES_PORT } from './database';
import { DedicatedLoadBalancer } from './dedicated-load-balancer';
import { CustomerDns } from './dns';
import { CustomerKey } from './encryption';
import { resolveImage } from './image';
import type { PlatformOutputs } from './platform-outputs';
import { type CustomerRouting, Routing } from './routing';
import { Service } from './service';
import { UploadsBucket } from './storage';
import { TaskRoles } from './task-role';

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
    const names = customerNames(platform, c.name);
    this.names = names;
    const account = new AwsAccount(this, 'account', { accountId: out.string('accountId'), region: platform.region });
    const vpcId = out.string('vpcId');
    const privateSubnetIds = out.list('privateSubnetIds');
    const databaseSubnetIds = out.list('databaseSubnetIds');
    const deletionProtection = defaultDeletionProtection(c);
    const services = activeServices(c);
    const serviceLogGroups = services.map(([name]) => names.logGroup(name));
    const assetsViaCdn = c.cdn.enabled && c.cdn.assetsOrigin;

    this.key = c.encryption.customerKey
      ? new CustomerKey(this, 'encryption', {
          alias: names.kmsAlias,
          description: `Data of customer ${c.name}: database, cache, uploads, logs, alerts`,
          account,
          logGroupNames: [...serviceLogGroups, ...databaseLogGroups(c, names)],
          cloudFrontReads: assetsViaCdn,
        }).key
      : undefined;
    const kmsKeyArn = this.key?.arn;

    let clusterArn = out.string('clusterArn');
    this.clusterName = out.string('clusterName');
    let edge: Edge;
    if (c.isolation === 'dedicated') {
      const cluster = new EcsCluster(this, 'cluster', { name: names.cluster, setting: [{ name: 'containerInsights', value: 'enabled' }] });
      clusterArn = cluster.arn;
      this.clusterName = cluster.name;
      const own = new DedicatedLoadBalancer(this, 'load-balancer', {
        name: names.dedicatedAlb,
        securityGroupName: names.dedicatedAlbSecurityGroup,
        vpcId,
        subnetIds: out.list('publicSubnetIds'),
        certificateArn: out.string('certificateArn'),
        accessLogsBucket: out.string('albAccessLogsBucket'),
        accessLogsPrefix: names.dedicatedAlbLogsPrefix,
        idleTimeoutSeconds: platform.loadBalancer.idleTimeoutSeconds,
        deletionProtection,
      });
      this.dedicatedLoadBalancer = own;
      const { alb, httpsListener } = own.loadBalancer;
      edge = {
        listenerArn: httpsListener.arn,
        dnsName: alb.dnsName,
        zoneId: alb.zoneId,
        arnSuffix: alb.arnSuffix,
        securityGroupId: own.securityGroup.id,
        ownSecurityGroup: own.securityGroup,
      };
    } else {
      const shard = routing.albShard;
      if (shard === undefined) throw new Error(`pooled customer "${c.name}" has no ALB shard allocated`);
      edge = {
        listenerArn: out.atShard('albHttpsListenerArns', shard),
        dnsName: out.atShard('albDnsNames', shard),
        zoneId: out.atShard('albZoneIds', shard),
        arnSuffix: out.atShard('albArnSuffixes', shard),
        securityGroupId: out.string('albSecurityGroupId'),
      };
    }

    const network = { vpcId, subnetIds: databaseSubnetIds, kmsKeyArn };
    this.database = c.database.enabled
      ? new Database(this, 'database', {
          ...network,
          names,
          config: c.database,
          deletionProtection,
          logRetentionDays: c.logs.retentionDays,
        })
      : undefined;
    this.cache = c.cache.enabled ? new Cache(this, 'cache', { ...network, names, config: c.cache }) : undefined;
    this.uploads = c.storage.uploads
      ? new UploadsBucket(this, 'uploads', {
          bucketName: names.uploadsBucket(account.accountId),
          kmsKeyArn,
          preventDestroy: deletionProtection,
          // The distribution is built from the bucket below; Terraform resolves the cycle-free order.
          cloudFrontDistributionArn: assetsViaCdn ? Lazy.stringValue({ produce: () => this.cdn?.distribution.arn }) : undefined,
        })
      : undefined;

    const roles = new TaskRoles(this, 'roles', {
      executionRoleName: names.executionRole,
      ecrRepositoryPattern: platformNames(platform).ecrRepository('*'),
      taskRoleName: names.taskRole,
      account,
      logGroupNames: serviceLogGroups,
      configuredSecretArns: services.flatMap(([, s]) => Object.values(s.secrets)),
      databaseSecretArn: this.database?.secretArn,
      grants: {
        bucketArn: this.uploads?.bucket.arn,
        kmsKeyArn,
        cacheConnectArns: this.cache ? [this.cache.replicationGroup.arn, this.cache.user.arn] : undefined,
      },
    });

    const routes = new Routing(this, 'routing', {
      listenerArn: edge.listenerArn,
      vpcId,
      domain: c.domain,
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
        };
      }),
    }).routes;

    // Connection settings per data store; each service gets those of the stores it lists.
    const appEnvironment: Record<string, string> = { APP_URL: `https://${c.domain}` };
    if (this.uploads) appEnvironment.UPLOADS_BUCKET = this.uploads.bucket.bucket;
    const storeEnvironment: Record<DataStore, Record<string, string>> = { database: {}, cache: {} };
    const storeSecrets: Record<DataStore, Record<string, string>> = { database: {}, cache: {} };
    const storeGroups: Partial<Record<DataStore, { group: SecurityGroup; port: number; what: string }>> = {};
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

    const built = new Map<string, Service>();
    for (const [name, s] of services) {
      const route = routes.get(name);
      const service = new Service(this, `service-${name}`, {
        containerName: name,
        config: s,
        image: resolveImage(s.image, platform.ecr.repositories, (repository) => out.entry('ecrRepositoryUrls', repository)),
        serviceName: names.ecsService(name),
        taskFamily: names.taskFamily(name),
        logGroupName: names.logGroup(name),
        logRetentionDays: c.logs.retentionDays,
        logKmsKeyArn: kmsKeyArn,
        securityGroupName: names.serviceSecurityGroup(name),
        scalingPolicyName: names.scalingPolicy(name),
        region: platform.region,
        vpcId,
        clusterArn,
        clusterName: this.clusterName,
        subnetIds: privateSubnetIds,
        executionRoleArn: roles.executionRole.arn,
        taskRoleArn: roles.taskRole?.arn,
        connectionEnvironment: Object.assign({}, appEnvironment, ...(s.dataStores ?? []).map((d) => storeEnvironment[d])),
        connectionSecrets: Object.assign({}, ...(s.dataStores ?? []).map((d) => storeSecrets[d])),
        loadBalancing: route ? { targetGroupArn: route.targetGroup.arn, listenerRule: route.rule } : undefined,
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
    this.services = built;

    this.cdn = c.cdn.enabled
      ? new Cdn(this, 'cdn', {
          domain: c.domain,
          albDnsName: edge.dnsName,
          certificateArn: out.string('cloudfrontCertificateArn'),
          priceClass: c.cdn.priceClass,
          apiPathPatterns: apiPathPatterns(c, routing),
          apiCachePolicyName: names.cdnApiCachePolicy,
          assets:
            assetsViaCdn && this.uploads
              ? { bucket: this.uploads.bucket, originAccessControlName: names.cdnOriginAccessControl }
              : undefined,
        })
      : undefined;
    new CustomerDns(this, 'dns', {
      zoneId: out.string('hostedZoneId'),
      domain: c.domain,
      target: this.cdn
        ? { dnsName: this.cdn.distribution.domainName, zoneId: this.cdn.distribution.hostedZoneId, evaluateTargetHealth: false, ipv6: true }
        : { dnsName: edge.dnsName, zoneId: edge.zoneId, evaluateTargetHealth: true, ipv6: false },
    });

    this.alarms = new Alarms(this, 'alarms', {
      names,
      emails: c.alerts.emails,
      kmsKeyArn,
      loadBalancerArnSuffix: edge.arnSuffix,
      targetGroups: new Map([...routes].map(([name, r]) => [name, r.targetGroup.arnSuffix])),
      services: new Map([...built].map(([name, s]) => [name, { clusterName: this.clusterName, serviceName: s.service.name }])),
      database: this.database
        ? {
            identifier: this.database.primary.identifier,
            instanceClass: c.database.instanceClass,
            allocatedStorageGiB: c.database.allocatedStorageGiB,
          }
        : undefined,
      cacheMemberClusterIds: this.cache?.memberClusterIds,
    });
    new CustomerBudget(this, 'budget', {
      budgetName: names.budget,
      customer: c.name,
      monthlyUsd: c.budget.monthlyUsd,
      emails: c.alerts.emails,
    });
  }
}

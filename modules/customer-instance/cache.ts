import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group';
import { ElasticacheUser } from '@cdktf/provider-aws/lib/elasticache-user';
import { ElasticacheUserGroup } from '@cdktf/provider-aws/lib/elasticache-user-group';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import type { CustomerNames } from '../naming';
import { securityGroup } from './connections';

export const REDIS_PORT = 6379;
/**
 * What the application's Redis user may do. The replication group is the customer's own,
 * so every key is the customer's (no key prefix to enforce); `-@dangerous` takes away
 * what no application needs and an intruder would want: FLUSHALL/FLUSHDB, KEYS, DEBUG,
 * MONITOR, CONFIG, ACL, SHUTDOWN, MIGRATE, REPLICAOF and the like. Use SCAN, not KEYS.
 */
export const CACHE_APP_ACCESS = 'on ~* +@all -@dangerous';
/** UTC windows, apart from the database's so both never restart together. */
export const CACHE_SNAPSHOT_WINDOW = '01:00-02:00';
export const CACHE_MAINTENANCE_WINDOW = 'sun:05:00-sun:06:00';

export interface CacheProps {
  /** The customer's AWS names (replication group, users, subnet group). */
  readonly names: CustomerNames;
  /** Redis engine version, e.g. `"7.1"`. */
  readonly engineVersion: string;
  /** ElastiCache node type, e.g. `cache.t4g.micro`. */
  readonly nodeType: string;
  /** Number of read replicas; with any, failover and Multi-AZ are on. */
  readonly replicas: number;
  /** Days automatic snapshots are kept (0: none). */
  readonly snapshotRetentionDays: number;
  /** VPC of the cache's security group. */
  readonly vpcId: string;
  /** Database subnets, one per AZ. */
  readonly subnetIds: string[];
  /**
   * Customer KMS key for data at rest.
   *
   * @default - the ElastiCache managed key
   */
  readonly kmsKeyArn?: string;
}

/**
 * ElastiCache Redis, encrypted at rest and in transit (TLS required), `replicas` read
 * replicas with automatic failover and Multi-AZ when there are any.
 *
 * Authentication is RBAC with IAM: the application connects as `user` with a short-lived
 * token signed by its task role (`elasticache:Connect`). No random provider is available
 * and a password or AUTH token would sit in plain text in Terraform state, so a secret-
 * free method keeps credentials out of state entirely. The user group's mandatory
 * "default" user is the customer's own and switched off, so nothing connects without IAM.
 */
export class Cache extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly replicationGroup: ElasticacheReplicationGroup;
  /** The user the application authenticates as. */
  readonly user: ElasticacheUser;
  /** Member cluster ids (`<group>-001` …), the dimension of per-node metrics. */
  readonly memberClusterIds: string[];

  constructor(scope: Construct, id: string, props: CacheProps) {
    super(scope, id);
    const { names } = props;
    this.securityGroup = securityGroup(this, 'security-group', names.cacheSecurityGroup, `Redis of ${names.prefix}`, props.vpcId);
    const subnets = new ElasticacheSubnetGroup(this, 'subnets', { name: names.cacheSubnetGroup, subnetIds: props.subnetIds });
    this.user = new ElasticacheUser(this, 'user', {
      userId: names.cacheUser,
      userName: names.cacheUser,
      engine: 'redis',
      accessString: CACHE_APP_ACCESS,
      authenticationMode: { type: 'iam' },
    });
    const disabledDefault = new ElasticacheUser(this, 'default-user', {
      userId: names.cacheDefaultUser,
      userName: 'default',
      engine: 'redis',
      accessString: 'off -@all',
      authenticationMode: { type: 'no-password-required' },
    });
    const users = new ElasticacheUserGroup(this, 'users', {
      userGroupId: names.cacheUserGroup,
      engine: 'redis',
      userIds: [disabledDefault.userId, this.user.userId],
    });
    const replicated = props.replicas > 0;
    this.replicationGroup = new ElasticacheReplicationGroup(this, 'redis', {
      replicationGroupId: names.cacheReplicationGroup,
      description: `Redis of ${names.prefix}`,
      engine: 'redis',
      engineVersion: props.engineVersion,
      nodeType: props.nodeType,
      port: REDIS_PORT,
      numCacheClusters: 1 + props.replicas,
      automaticFailoverEnabled: replicated,
      multiAzEnabled: replicated,
      subnetGroupName: subnets.name,
      securityGroupIds: [this.securityGroup.id],
      atRestEncryptionEnabled: 'true',
      kmsKeyId: props.kmsKeyArn,
      transitEncryptionEnabled: true,
      transitEncryptionMode: 'required',
      userGroupIds: [users.userGroupId],
      snapshotRetentionLimit: props.snapshotRetentionDays,
      snapshotWindow: CACHE_SNAPSHOT_WINDOW,
      maintenanceWindow: CACHE_MAINTENANCE_WINDOW,
      autoMinorVersionUpgrade: 'true',
      applyImmediately: false,
    });
    this.memberClusterIds = Array.from({ length: 1 + props.replicas }, (_, i) => names.cacheMemberCluster(i + 1));
  }
}

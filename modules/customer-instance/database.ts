import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DbInstance } from '@cdktf/provider-aws/lib/db-instance';
import { DbParameterGroup } from '@cdktf/provider-aws/lib/db-parameter-group';
import { DbSubnetGroup } from '@cdktf/provider-aws/lib/db-subnet-group';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import type { CustomerNames } from '../naming';
import { securityGroup } from './connections';

export const POSTGRES_PORT = 5432;
/** The application's database, created with the instance. */
export const DATABASE_NAME = 'app';
/** Master user; its password lives only in the Secrets Manager secret RDS manages. */
export const MASTER_USERNAME = 'dbadmin';
/** Exported to CloudWatch Logs: server log and major-version upgrade log. */
export const DATABASE_LOG_EXPORTS = ['postgresql', 'upgrade'] as const;
/** Seven days of Performance Insights history is the free tier. */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;
/** UTC windows: backups first, then maintenance, both outside European business hours. */
export const BACKUP_WINDOW = '02:00-03:00';
export const MAINTENANCE_WINDOW = 'sun:03:30-sun:04:30';

/** A data store may only be deleted once its customer is marked for decommissioning. */
export function defaultDeletionProtection(customer: { readonly decommission: boolean }): boolean {
  return !customer.decommission;
}

export interface DatabaseProps {
  /** The customer's AWS names (identifiers, groups, log groups, final snapshot). */
  readonly names: CustomerNames;
  /** PostgreSQL major version, e.g. `"16"`; it also names the parameter group family. */
  readonly engineVersion: string;
  /** RDS instance class of the primary and every replica, e.g. `db.t4g.micro`. */
  readonly instanceClass: string;
  /** Storage allocated at creation, in GiB. */
  readonly allocatedStorageGiB: number;
  /** Ceiling storage autoscaling may grow to, in GiB. */
  readonly maxAllocatedStorageGiB: number;
  /** Whether the primary runs with a standby in a second Availability Zone. */
  readonly multiAz: boolean;
  /** Number of read replicas. */
  readonly readReplicas: number;
  /** Days automated backups are kept. */
  readonly backupRetentionDays: number;
  /** VPC of the database's security group. */
  readonly vpcId: string;
  /** Database subnets, one per AZ. */
  readonly subnetIds: string[];
  /**
   * Customer KMS key for storage, Performance Insights, logs and the master secret.
   *
   * @default - AWS managed keys
   */
  readonly kmsKeyArn?: string;
  /** Whether RDS refuses to delete the instances (see `defaultDeletionProtection`). */
  readonly deletionProtection: boolean;
  /** Days the exported database logs are kept. */
  readonly logRetentionDays: number;
}

/**
 * RDS PostgreSQL: a primary (Multi-AZ when asked) and its read replicas in the database
 * subnets, encrypted, never public, TLS forced by the parameter group, master password
 * managed by RDS in Secrets Manager (never in Terraform state).
 */
export class Database extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly primary: DbInstance;
  readonly replicas: DbInstance[];

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const { names } = props;
    this.securityGroup = securityGroup(this, 'security-group', names.databaseSecurityGroup, `PostgreSQL of ${names.prefix}`, props.vpcId);
    const subnetGroup = new DbSubnetGroup(this, 'subnets', { name: names.databaseSubnetGroup, subnetIds: props.subnetIds });
    const parameters = new DbParameterGroup(this, 'parameters', {
      name: names.databaseParameterGroup(props.engineVersion),
      family: `postgres${props.engineVersion}`,
      parameter: [{ name: 'rds.force_ssl', value: '1', applyMethod: 'pending-reboot' }],
      lifecycle: { createBeforeDestroy: true },
    });
    const logGroups = (instance: string, identifier: string) =>
      DATABASE_LOG_EXPORTS.map(
        (t) =>
          new CloudwatchLogGroup(this, `${instance}-${t}-logs`, {
            name: names.databaseLogGroup(identifier, t),
            retentionInDays: props.logRetentionDays,
            kmsKeyId: props.kmsKeyArn,
          }),
      );
    const shared = {
      instanceClass: props.instanceClass,
      storageType: 'gp3',
      maxAllocatedStorage: props.maxAllocatedStorageGiB,
      vpcSecurityGroupIds: [this.securityGroup.id],
      parameterGroupName: parameters.name,
      publiclyAccessible: false,
      autoMinorVersionUpgrade: true,
      deletionProtection: props.deletionProtection,
      copyTagsToSnapshot: true,
      performanceInsightsEnabled: true,
      performanceInsightsRetentionPeriod: PERFORMANCE_INSIGHTS_RETENTION_DAYS,
      performanceInsightsKmsKeyId: props.kmsKeyArn,
      enabledCloudwatchLogsExports: [...DATABASE_LOG_EXPORTS],
      maintenanceWindow: MAINTENANCE_WINDOW,
    };
    this.primary = new DbInstance(this, 'primary', {
      ...shared,
      // Replicas in the same region inherit encryption and key from the primary; AWS
      // rejects a KMS key on them ("Your request does not require the KMS key parameter").
      storageEncrypted: true,
      kmsKeyId: props.kmsKeyArn,
      identifier: names.databaseIdentifier,
      engine: 'postgres',
      engineVersion: props.engineVersion,
      allocatedStorage: props.allocatedStorageGiB,
      dbName: DATABASE_NAME,
      username: MASTER_USERNAME,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: props.kmsKeyArn,
      dbSubnetGroupName: subnetGroup.name,
      multiAz: props.multiAz,
      backupRetentionPeriod: props.backupRetentionDays,
      backupWindow: BACKUP_WINDOW,
      skipFinalSnapshot: false,
      finalSnapshotIdentifier: names.databaseFinalSnapshot,
      dependsOn: logGroups('primary', names.databaseIdentifier),
    });
    this.replicas = Array.from({ length: props.readReplicas }, (_, i) => {
      const instance = `replica-${i + 1}`;
      const identifier = names.databaseReplicaIdentifier(i + 1);
      return new DbInstance(this, instance, {
        ...shared,
        identifier,
        replicateSourceDb: this.primary.identifier,
        // A replica's data lives on in the primary and its backups.
        skipFinalSnapshot: true,
        dependsOn: logGroups(instance, identifier),
      });
    });
  }

  /** ARN of the secret holding the master user's credentials (JSON: username, password). */
  get secretArn(): string {
    return this.primary.masterUserSecret.get(0).secretArn;
  }
}

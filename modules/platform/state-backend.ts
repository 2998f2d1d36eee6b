import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { Construct } from 'constructs';
import { PrivateBucket } from './private-bucket';

/** Days a deleted state key waits before it is gone (the most AWS allows: every state depends on it). */
export const STATE_KEY_DELETION_WINDOW_DAYS = 30;

export interface StateBackendProps {
  /** Bucket holding every workspace's state. */
  readonly bucketName: string;
  /** DynamoDB table holding the state locks. */
  readonly lockTableName: string;
  /**
   * An existing KMS key (ARN or alias ARN) encrypting the state objects and the lock table.
   *
   * @default - a key created here, named `keyAlias`, encrypts the state objects; the lock table uses the AWS managed key
   */
  readonly kmsKeyId?: string;
  /** Alias of the key created here when no `kmsKeyId` is given (`alias/...`): what every backend block names. */
  readonly keyAlias: string;
  /** Days an overwritten or deleted state version is kept. */
  readonly noncurrentVersionExpirationDays: number;
  /** Bucket receiving the state bucket's server access logs. */
  readonly accessLogBucketName: string;
  /** Days access logs are kept. */
  readonly accessLogRetentionDays: number;
  /** `arn:<partition>:iam::<account>:root`: the key policy hands the key to the account's IAM policies, and to nobody else. */
  readonly accountRootArn: string;
}

/**
 * Where Terraform keeps state: a versioned private bucket encrypted with a KMS key, its
 * server access logs in a bucket of their own, old state versions expiring after a set
 * age, and an on-demand lock table. Bucket, key and table are protected from
 * `terraform destroy` because losing them orphans every workspace.
 */
export class StateBackend extends Construct {
  readonly bucket: PrivateBucket;
  readonly accessLogs: PrivateBucket;
  readonly lockTable: DynamodbTable;
  /** The key encrypting the state objects, when created here. */
  readonly key?: KmsKey;

  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    if (!props.kmsKeyId) {
      const keyPolicy = new DataAwsIamPolicyDocument(this, 'key-policy', {
        statement: [
          {
            sid: 'AccountIamPolicies',
            principals: [{ type: 'AWS', identifiers: [props.accountRootArn] }],
            actions: ['kms:*'],
            resources: ['*'],
          },
        ],
      });
      this.key = new KmsKey(this, 'key', {
        description: `Terraform state in ${props.bucketName}: every workspace's outputs`,
        policy: keyPolicy.json,
        enableKeyRotation: true,
        deletionWindowInDays: STATE_KEY_DELETION_WINDOW_DAYS,
        lifecycle: { preventDestroy: true },
      });
      new KmsAlias(this, 'key-alias', { name: props.keyAlias, targetKeyId: this.key.keyId });
    }
    this.bucket = new PrivateBucket(this, 'state', {
      bucketName: props.bucketName,
      kmsKeyId: props.kmsKeyId ?? this.key!.arn,
      // Every state version is kept for a while: the way back from a bad apply or a corrupted state.
      versioned: true,
      noncurrentVersionExpirationDays: props.noncurrentVersionExpirationDays,
      preventDestroy: true,
    });
    this.accessLogs = new PrivateBucket(this, 'access-logs', {
      bucketName: props.accessLogBucketName,
      expirationDays: props.accessLogRetentionDays,
      // S3 delivers server access logs only into SSE-S3 buckets, and only with this grant.
      policyStatements: (arn) => [
        {
          sid: 'S3ServerAccessLogs',
          principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
          actions: ['s3:PutObject'],
          resources: [`${arn}/*`],
          condition: [{ test: 'ArnLike', variable: 'aws:SourceArn', values: [this.bucket.bucket.arn] }],
        },
      ],
      preventDestroy: true,
    });
    new S3BucketLoggingA(this, 'state-access-logging', {
      bucket: this.bucket.bucket.id,
      targetBucket: this.accessLogs.bucket.id,
      targetPrefix: `${props.bucketName}/`,
      dependsOn: [this.accessLogs.policy],
    });
    this.lockTable = new DynamodbTable(this, 'lock-table', {
      name: props.lockTableName,
      // Terraform's S3 backend looks locks up by this exact key.
      hashKey: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
      pointInTimeRecovery: { enabled: true },
      // Locks hold ids and digests, not state: a configured key is used, the created one is not
      // (so the emulated bootstrap can create the table without KMS).
      serverSideEncryption: props.kmsKeyId ? { enabled: true, kmsKeyArn: props.kmsKeyId } : { enabled: true },
      deletionProtectionEnabled: true,
      lifecycle: { preventDestroy: true },
    });
  }
}

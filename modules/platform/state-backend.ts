import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { Construct } from 'constructs';
import { PrivateBucket } from './private-bucket';

export interface StateBackendProps {
  /** Bucket holding every workspace's state. */
  readonly bucketName: string;
  /** DynamoDB table holding the state locks. */
  readonly lockTableName: string;
  /**
   * KMS key (ARN or alias ARN) encrypting the state objects and the lock table.
   *
   * @default - SSE-S3 for the bucket, the AWS managed key for the table
   */
  readonly kmsKeyId?: string;
}

/**
 * Where Terraform keeps state: a versioned private bucket and an on-demand lock table,
 * both protected from `terraform destroy` because losing them orphans every workspace.
 */
export class StateBackend extends Construct {
  readonly bucket: PrivateBucket;
  readonly lockTable: DynamodbTable;

  constructor(scope: Construct, id: string, props: StateBackendProps) {
    super(scope, id);
    this.bucket = new PrivateBucket(this, 'state', {
      bucketName: props.bucketName,
      kmsKeyId: props.kmsKeyId,
      // Every state version is kept: the way back from a bad apply or a corrupted state.
      versioned: true,
      preventDestroy: true,
    });
    this.lockTable = new DynamodbTable(this, 'lock-table', {
      name: props.lockTableName,
      // Terraform's S3 backend looks locks up by this exact key.
      hashKey: 'LockID',
      attribute: [{ name: 'LockID', type: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: props.kmsKeyId ? { enabled: true, kmsKeyArn: props.kmsKeyId } : { enabled: true },
      deletionProtectionEnabled: true,
      lifecycle: { preventDestroy: true },
    });
  }
}

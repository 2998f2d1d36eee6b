import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import type { Construct } from 'constructs';
import type { PlatformConfig } from '../../contract/config';
import { TerraformOutput } from 'cdktf';
import { StateBackend } from '../platform/state-backend';
import { platformNames, STATE_ACCESS_LOG_RETENTION_DAYS, stateAccessLogBucket } from '../naming';
import { terraformLiterals } from '../terraform-literal';
import { WorkspaceStack } from './workspace-stack';

export interface BootstrapStackProps {
  readonly platform: PlatformConfig;
}

/** The state bucket and lock table every other workspace keeps its state in. Local state. */
export class BootstrapStack extends WorkspaceStack {
  readonly backend: StateBackend;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    const platform = terraformLiterals(props.platform);
    super(scope, id, { platform });
    const { state } = platform;
    const account = new DataAwsCallerIdentity(this, 'account', {});
    const partition = new DataAwsPartition(this, 'partition', {});
    this.backend = new StateBackend(this, 'state-backend', {
      bucketName: state.bucket,
      lockTableName: state.lockTable,
      kmsKeyId: state.kmsKeyId,
      keyAlias: platformNames(platform).stateKeyAlias,
      noncurrentVersionExpirationDays: state.noncurrentVersionExpirationDays,
      accessLogBucketName: stateAccessLogBucket(state.bucket, state.accessLogBucket),
      accessLogRetentionDays: STATE_ACCESS_LOG_RETENTION_DAYS,
      accountRootArn: `arn:${partition.partition}:iam::${account.accountId}:root`,
    });
    new TerraformOutput(this, 'state_bucket', {
      value: this.backend.bucket.bucket.bucket,
      description: 'S3 bucket holding every workspace state.',
    });
    new TerraformOutput(this, 'lock_table', { value: this.backend.lockTable.name, description: 'DynamoDB table holding the state locks.' });
    new TerraformOutput(this, 'state_kms_key_arn', {
      value: this.backend.key?.arn ?? state.kmsKeyId,
      description: 'KMS key encrypting the state objects.',
    });
  }
}

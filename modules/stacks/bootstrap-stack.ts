import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import type { Construct } from 'constructs';
import type { PlatformConfig } from '../../contract/config';
import { PLATFORM_TIER } from '../platform/cost-allocation-tags';
import { TerraformOutput } from 'cdktf';
import { GithubCiRoles } from '../platform/github-oidc';
import { StateBackend } from '../platform/state-backend';
import { platformNames, STATE_ACCESS_LOG_RETENTION_DAYS, stateAccessLogBucket } from '../naming';
import { terraformLiterals } from '../terraform-literal';
import { WorkspaceStack } from './workspace-stack';

export interface BootstrapStackProps {
  readonly platform: PlatformConfig;
  /** GitHub environments whose jobs may assume the apply role (`*` allowed). */
  readonly applyEnvironments: readonly string[];
}

/**
 * The state bucket, its key and access logs, and the lock table every other workspace
 * keeps its state in; and the GitHub OIDC provider with the CI plan and apply roles.
 * Local state.
 */
export class BootstrapStack extends WorkspaceStack {
  readonly backend: StateBackend;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    const platform = terraformLiterals(props.platform);
    super(scope, id, { platform, tags: { Tier: PLATFORM_TIER } });
    const { state } = platform;
    // The CI role ARNs in the workflows are built from ci.accountId: applying elsewhere would strand them.
    const account = new DataAwsCallerIdentity(this, 'account', {
      lifecycle: {
        postcondition: [
          {
            condition: `\${self.account_id == "${platform.ci.accountId}"}`,
            errorMessage: `This bootstrap is for AWS account ${platform.ci.accountId} (ci.accountId in customers/_platform.json); the credentials in use belong to another account.`,
          },
        ],
      },
    });
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
    const names = platformNames(platform);
    const kmsKeyId = state.kmsKeyId;
    const ci = new GithubCiRoles(this, 'github-ci', {
      repository: platform.ci.repository,
      partition: partition.partition,
      planRoleName: names.githubPlanRole,
      applyRoleName: names.githubApplyRole,
      applyEnvironments: props.applyEnvironments,
      defaultBranch: platform.ci.defaultBranch,
      state: {
        bucketArn: this.backend.bucket.bucket.arn,
        lockTableArn: this.backend.lockTable.arn,
        kmsKeyArn: this.backend.key?.arn ?? (kmsKeyId && !kmsKeyId.includes(':alias/') ? kmsKeyId : undefined),
        kmsKeyAlias: kmsKeyId?.includes(':alias/') ? kmsKeyId.slice(kmsKeyId.indexOf(':alias/') + 1) : undefined,
      },
    });
    new TerraformOutput(this, 'github_plan_role_arn', {
      value: ci.planRole.arn,
      description: 'Role pull-request and drift plans assume (read-only).',
    });
    new TerraformOutput(this, 'github_apply_role_arn', { value: ci.applyRole.arn, description: 'Role the apply jobs assume.' });
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

import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, S3Backend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { PlatformConfig } from '../../contract/config';
import { stateKmsKeyId } from '../naming';

export const MANAGED_BY = 'tenant-workspaces';

export interface WorkspaceStackProps {
  readonly platform: PlatformConfig;
  /**
   * State object key in the state bucket.
   *
   * @default - local state (the bootstrap workspace, which creates the bucket)
   */
  readonly stateKey?: string;
  /** Tags every resource of the workspace carries, after the platform tags. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Tags in the fixed order: required ones, platform tags, then workspace tags. */
export function workspaceTags(platform: PlatformConfig, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  return { ...platform.tags, ...extra, ManagedBy: MANAGED_BY, App: platform.appName, Environment: platform.environment };
}

/**
 * A Terraform workspace: the AWS provider with default tags and, unless it is the
 * bootstrap, the S3 backend with DynamoDB locking and encryption.
 */
export class WorkspaceStack extends TerraformStack {
  readonly provider: AwsProvider;

  constructor(scope: Construct, id: string, props: WorkspaceStackProps) {
    super(scope, id);
    const { platform } = props;
    this.provider = new AwsProvider(this, 'aws', {
      region: platform.region,
      defaultTags: [{ tags: workspaceTags(platform, props.tags) }],
    });
    if (props.stateKey) {
      new S3Backend(this, {
        bucket: platform.state.bucket,
        key: props.stateKey,
        region: platform.region,
        dynamodbTable: platform.state.lockTable,
        encrypt: true,
        kmsKeyId: stateKmsKeyId(platform, platform.state.kmsKeyId),
      });
      if (platform.state.useLockfile) this.addOverride('terraform.backend.s3.use_lockfile', true);
    } else {
      // Explicit and relative: cdktf's implicit local backend embeds the absolute synth path.
      new LocalBackend(this, { path: 'terraform.tfstate' });
    }
  }
}

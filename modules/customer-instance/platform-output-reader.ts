import { DataTerraformRemoteStateS3, Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import { STATE_KEYS } from '../naming';
import { PLATFORM_OUTPUTS, type PlatformOutputKey } from '../platform/output-contract';

export interface PlatformOutputsProps {
  /** S3 bucket holding the platform workspace's state. */
  readonly stateBucket: string;
  /** Region of the state bucket. */
  readonly region: string;
  /**
   * KMS key the state objects are encrypted with.
   *
   * @default - the bucket's default encryption
   */
  readonly stateKmsKeyId?: string;
}

/**
 * The platform workspace's documented outputs, read through `terraform_remote_state`
 * so a customer workspace plans and applies on its own (no cdktf cross-stack references).
 */
export class PlatformOutputs extends Construct {
  private readonly state: DataTerraformRemoteStateS3;

  constructor(scope: Construct, id: string, props: PlatformOutputsProps) {
    super(scope, id);
    this.state = new DataTerraformRemoteStateS3(this, 'platform', {
      bucket: props.stateBucket,
      key: STATE_KEYS.platform,
      region: props.region,
      encrypt: true,
      ...(props.stateKmsKeyId ? { kmsKeyId: props.stateKmsKeyId } : {}),
    });
  }

  string(key: PlatformOutputKey): string {
    return this.state.getString(PLATFORM_OUTPUTS[key].name);
  }

  list(key: PlatformOutputKey): string[] {
    return this.state.getList(PLATFORM_OUTPUTS[key].name);
  }

  /** The entry of a per-shard list output that belongs to `shard`. */
  atShard(key: PlatformOutputKey, shard: number): string {
    return Token.asString(Fn.element(this.list(key), shard));
  }

  /** One value of a map output; the plan fails when `name` is missing from it. */
  entry(key: PlatformOutputKey, name: string): string {
    return Token.asString(Fn.lookup(this.state.get(PLATFORM_OUTPUTS[key].name), name));
  }
}

import { DataTerraformRemoteStateS3, Fn, Token } from 'cdktf';
import { Construct } from 'constructs';
import type { PlatformConfig } from '../../contract/config';
import { STATE_KEYS } from '../naming';
import { PLATFORM_OUTPUTS, type PlatformOutputKey } from '../platform/outputs';

export interface PlatformOutputsProps {
  /** Platform settings: where the platform workspace keeps its state. */
  readonly platform: PlatformConfig;
}

/**
 * The platform workspace's documented outputs, read through `terraform_remote_state`
 * so a customer workspace plans and applies on its own (no cdktf cross-stack references).
 */
export class PlatformOutputs extends Construct {
  private readonly state: DataTerraformRemoteStateS3;

  constructor(scope: Construct, id: string, props: PlatformOutputsProps) {
    super(scope, id);
    const { state, region } = props.platform;
    this.state = new DataTerraformRemoteStateS3(this, 'platform', {
      bucket: state.bucket,
      key: STATE_KEYS.platform,
      region,
      encrypt: true,
      ...(state.kmsKeyId ? { kmsKeyId: state.kmsKeyId } : {}),
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

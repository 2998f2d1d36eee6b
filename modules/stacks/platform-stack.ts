import { Construct } from 'constructs';
import { PlatformConfig } from '../../generator/config/types';
import { STATE_KEYS } from '../naming';
import { WorkspaceStack } from './workspace-stack';

export interface PlatformStackProps {
  readonly platform: PlatformConfig;
  /** ALB shards to create for pooled customers (at least one). */
  readonly albShardCount: number;
  /** Container ports customers route to: the only ports the ALB security group may reach. */
  readonly applicationPorts: readonly number[];
}

/** Shared infrastructure: network, cluster, registry, load balancers, certificates. */
export class PlatformStack extends WorkspaceStack {
  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id, { platform: props.platform, stateKey: STATE_KEYS.platform });
  }
}

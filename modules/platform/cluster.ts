import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { Construct } from 'constructs';

/** Where a cluster records ECS Exec sessions, and the key encrypting them. */
export interface ExecSessionSettings {
  /** @default - sessions encrypted by TLS only, logs with CloudWatch's own encryption */
  readonly kmsKeyArn?: string;
  readonly logGroupName: string;
}

/** The cluster setting that logs every ECS Exec session (encrypted) and encrypts the session itself. */
export function execCommandConfiguration(settings: ExecSessionSettings) {
  return {
    executeCommandConfiguration: {
      kmsKeyId: settings.kmsKeyArn,
      logging: 'OVERRIDE',
      logConfiguration: { cloudWatchLogGroupName: settings.logGroupName, cloudWatchEncryptionEnabled: settings.kmsKeyArn !== undefined },
    },
  };
}

export interface FargateClusterProps {
  /** ECS cluster name. */
  readonly clusterName: string;
  /**
   * ECS Exec session logging and encryption.
   *
   * @default - ECS Exec sessions are neither logged nor encrypted by the cluster
   */
  readonly execSessions?: ExecSessionSettings;
}

/**
 * A Fargate-only ECS cluster with Container Insights. Services choose FARGATE_SPOT per
 * service; without a choice they run on FARGATE.
 */
export class FargateCluster extends Construct {
  readonly cluster: EcsCluster;

  constructor(scope: Construct, id: string, props: FargateClusterProps) {
    super(scope, id);
    this.cluster = new EcsCluster(this, 'cluster', {
      name: props.clusterName,
      setting: [{ name: 'containerInsights', value: 'enabled' }],
      configuration: props.execSessions ? execCommandConfiguration(props.execSessions) : undefined,
    });
    new EcsClusterCapacityProviders(this, 'capacity-providers', {
      clusterName: this.cluster.name,
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', base: 1, weight: 1 }],
    });
  }
}

import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import type { Construct } from 'constructs';

/** Autoscaling reacts fast to load and slowly to its absence (seed 002: out after 2 minutes, in after 5). */
export const SCALE_OUT_COOLDOWN_SECONDS = 60;
export const SCALE_IN_COOLDOWN_SECONDS = 300;

/** What a target-tracking policy follows, by the suffix of its name. */
export type ScalingMetric = 'cpu' | 'memory' | 'requests';

/** Target tracking of a service's task count: at least one target. */
export interface ServiceAutoscaling {
  /** Fewest tasks autoscaling leaves running. */
  readonly min: number;
  /** Most tasks autoscaling starts. */
  readonly max: number;
  /** Average CPU utilization (percent) to hold. @default - not tracked */
  readonly cpuTargetPercent?: number;
  /** Average memory utilization (percent) to hold. @default - not tracked */
  readonly memoryTargetPercent?: number;
  /** ALB requests per task to hold (routed services). @default - not tracked */
  readonly requestsPerTarget?: number;
  /** @default 300 */
  readonly scaleInCooldownSeconds?: number;
  /** @default 60 */
  readonly scaleOutCooldownSeconds?: number;
}

export interface ServiceScalingProps {
  readonly config: ServiceAutoscaling;
  /** `service/<cluster>/<service>`: the scalable target. */
  readonly resourceId: string;
  /** Policy name per metric. */
  readonly policyName: (metric: ScalingMetric) => string;
  /**
   * `<alb arn suffix>/<target group arn suffix>`, which ALBRequestCountPerTarget is measured on.
   *
   * @default - not routed: no request-count policy
   */
  readonly requestCountResourceLabel?: string;
}

/**
 * Target tracking on every metric the config names (CPU, memory, ALB requests per
 * target), each with the same cooldowns. With several policies ECS scales out when any
 * asks to and in only when all allow it.
 */
export function addServiceScaling(scope: Construct, props: ServiceScalingProps): AppautoscalingTarget {
  const { config } = props;
  const target = new AppautoscalingTarget(scope, 'scaling-target', {
    serviceNamespace: 'ecs',
    resourceId: props.resourceId,
    scalableDimension: 'ecs:service:DesiredCount',
    minCapacity: config.min,
    maxCapacity: config.max,
  });
  const track = (id: string, metric: ScalingMetric, targetValue: number, predefinedMetricType: string, resourceLabel?: string): void => {
    new AppautoscalingPolicy(scope, id, {
      name: props.policyName(metric),
      policyType: 'TargetTrackingScaling',
      serviceNamespace: target.serviceNamespace,
      resourceId: target.resourceId,
      scalableDimension: target.scalableDimension,
      targetTrackingScalingPolicyConfiguration: {
        targetValue,
        predefinedMetricSpecification: { predefinedMetricType, resourceLabel },
        scaleOutCooldown: config.scaleOutCooldownSeconds ?? SCALE_OUT_COOLDOWN_SECONDS,
        scaleInCooldown: config.scaleInCooldownSeconds ?? SCALE_IN_COOLDOWN_SECONDS,
      },
    });
  };
  if (config.cpuTargetPercent !== undefined) track('cpu-scaling', 'cpu', config.cpuTargetPercent, 'ECSServiceAverageCPUUtilization');
  if (config.memoryTargetPercent !== undefined)
    track('memory-scaling', 'memory', config.memoryTargetPercent, 'ECSServiceAverageMemoryUtilization');
  if (config.requestsPerTarget !== undefined && props.requestCountResourceLabel)
    track('requests-scaling', 'requests', config.requestsPerTarget, 'ALBRequestCountPerTarget', props.requestCountResourceLabel);
  return target;
}

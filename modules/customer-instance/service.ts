import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { securityGroup } from './connections';
import { addServiceScaling, type ScalingMetric, type ServiceAutoscaling } from './scaling';

/** Container health check timings (seconds); the start period covers application boot. */
export const CONTAINER_HEALTH_CHECK = { intervalSeconds: 30, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 60 } as const;
/** Seconds the load balancer's failing health checks are ignored after a task starts. */
export const HEALTH_CHECK_GRACE_SECONDS = 60;

/** Where a routed service receives traffic. */
export interface ServiceLoadBalancing {
  /** Target group the tasks register in. */
  readonly targetGroupArn: string;
  /** Must exist before the service: ECS rejects a target group no listener uses yet. */
  readonly listenerRule: ITerraformDependable;
  /** `<alb arn suffix>/<target group arn suffix>`: where requests per target are counted for autoscaling. */
  readonly requestCountResourceLabel: string;
}

/** Where the ECS Exec agent writes; with a read-only root these become writable volumes. */
export const EXEC_AGENT_PATHS: readonly (readonly [string, string])[] = [
  ['exec-managed-agents', '/managed-agents'],
  ['exec-ssm-state', '/var/lib/amazon/ssm'],
  ['exec-ssm-logs', '/var/log/amazon/ssm'],
];

export type { ServiceAutoscaling } from './scaling';

export interface ServiceProps {
  /** Container name (the service's name). */
  readonly containerName: string;
  /**
   * Port the container listens on.
   *
   * @default - no port mapping (a worker)
   */
  readonly port?: number;
  /** Task CPU units (Fargate: 256 = a quarter vCPU). */
  readonly cpu: number;
  /** Task memory, in MiB; Fargate accepts only certain values per `cpu`. */
  readonly memoryMiB: number;
  /** Tasks to run; autoscaling owns the count once `autoscaling` is set. */
  readonly desiredCount: number;
  /**
   * CPU target tracking between `min` and `max` tasks.
   *
   * @default - a fixed `desiredCount`
   */
  readonly autoscaling?: ServiceAutoscaling;
  /** Whether the container's root filesystem is read-only (it then gets a writable /tmp volume). */
  readonly readonlyRootFilesystem: boolean;
  /**
   * Shell command of the container health check.
   *
   * @default - no container health check
   */
  readonly healthCheckCommand?: string;
  /** The application's own environment variables; they win over `connectionEnvironment`. */
  readonly environment: Readonly<Record<string, string>>;
  /** The application's own secrets (name → Secrets Manager or SSM ARN); they win over `connectionSecrets`. */
  readonly secrets: Readonly<Record<string, string>>;
  /** Image reference the task runs (already resolved against ECR). */
  readonly image: string;
  /** ECS service name. */
  readonly serviceName: string;
  /** Task definition family. */
  readonly taskFamily: string;
  /** CloudWatch log group of the container's output. */
  readonly logGroupName: string;
  /** Days the container's logs are kept. */
  readonly logRetentionDays: number;
  /**
   * KMS key encrypting the log group.
   *
   * @default - CloudWatch Logs' own encryption
   */
  readonly logKmsKeyArn?: string;
  /** Name of the tasks' security group. */
  readonly securityGroupName: string;
  /** Autoscaling policy name per metric it tracks (used only with `autoscaling`). */
  readonly scalingPolicyName: (metric: ScalingMetric) => string;
  /**
   * Allow ECS Exec into the containers.
   *
   * @default false
   */
  readonly ecsExec?: boolean;
  /**
   * Alarms that roll a deployment back when they fire during it.
   *
   * @default - none: only the deployment circuit breaker
   */
  readonly deploymentAlarmNames?: readonly string[];
  /** Region of the log group, for the awslogs driver. */
  readonly region: string;
  /** VPC of the tasks' security group. */
  readonly vpcId: string;
  /** ECS cluster the service runs in. */
  readonly clusterArn: string;
  /** Cluster name, for the autoscaling resource id. */
  readonly clusterName: string;
  /** Private subnets the tasks run in. */
  readonly subnetIds: string[];
  /** Role ECS uses to pull the image, write logs and read the secrets. */
  readonly executionRoleArn: string;
  /**
   * The application's IAM role.
   *
   * @default - no AWS credentials in the containers
   */
  readonly taskRoleArn?: string;
  /** Generated environment variables (connection settings); `environment` wins over them. */
  readonly connectionEnvironment: Readonly<Record<string, string>>;
  /** Generated secrets (e.g. the database's), by ARN; `secrets` win over them. */
  readonly connectionSecrets: Readonly<Record<string, string>>;
  /**
   * Load balancer wiring, for a service with a port.
   *
   * @default - not routed (a worker)
   */
  readonly loadBalancing?: ServiceLoadBalancing;
}

/** Sorted so the task definition, and thus the plan, does not change with key order. */
function nameValues(record: Readonly<Record<string, string>>, key: 'value' | 'valueFrom'): Record<string, string>[] {
  return Object.keys(record)
    .sort()
    .map((name) => ({ name, [key]: record[name] }));
}

/**
 * One Fargate service: its log group, task definition, security group (egress only;
 * ingress is added by whoever routes to it), ECS service in private subnets with a
 * rolling, circuit-broken deployment, and CPU target tracking when configured.
 */
export class Service extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly service: EcsService;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: ServiceProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.logKmsKeyArn,
    });
    this.securityGroup = securityGroup(this, 'security-group', props.securityGroupName, `Tasks of ${props.serviceName}`, props.vpcId);
    // Image pulls, AWS APIs and the service's own outbound calls all go over HTTPS.
    new VpcSecurityGroupEgressRule(this, 'egress-https', {
      securityGroupId: this.securityGroup.id,
      cidrIpv4: '0.0.0.0/0',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: 'HTTPS to AWS APIs, registries and third parties',
    });

    const readonlyRoot = props.readonlyRootFilesystem;
    const writablePaths = [['tmp', '/tmp'], ...(props.ecsExec ? EXEC_AGENT_PATHS : [])];
    const container = {
      name: props.containerName,
      image: props.image,
      essential: true,
      privileged: false,
      readonlyRootFilesystem: readonlyRoot,
      portMappings: props.port !== undefined ? [{ name: 'http', containerPort: props.port, protocol: 'tcp' }] : [],
      environment: nameValues({ ...props.connectionEnvironment, ...props.environment }, 'value'),
      secrets: nameValues({ ...props.connectionSecrets, ...props.secrets }, 'valueFrom'),
      // A read-only root still needs somewhere to write temporary files (and the ECS Exec agent its state).
      mountPoints: readonlyRoot
        ? writablePaths.map(([sourceVolume, containerPath]) => ({ sourceVolume, containerPath, readOnly: false }))
        : [],
      linuxParameters: { initProcessEnabled: true },
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': props.logGroupName, 'awslogs-region': props.region, 'awslogs-stream-prefix': 'ecs' },
      },
      ...(props.healthCheckCommand
        ? {
            healthCheck: {
              command: ['CMD-SHELL', props.healthCheckCommand],
              interval: CONTAINER_HEALTH_CHECK.intervalSeconds,
              timeout: CONTAINER_HEALTH_CHECK.timeoutSeconds,
              retries: CONTAINER_HEALTH_CHECK.retries,
              startPeriod: CONTAINER_HEALTH_CHECK.startPeriodSeconds,
            },
          }
        : {}),
    };
    const task = new EcsTaskDefinition(this, 'task', {
      family: props.taskFamily,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(props.cpu),
      memory: String(props.memoryMiB),
      executionRoleArn: props.executionRoleArn,
      taskRoleArn: props.taskRoleArn,
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
      volume: readonlyRoot ? writablePaths.map(([name]) => ({ name })) : undefined,
      containerDefinitions: JSON.stringify([container]),
    });

    const lb = props.loadBalancing;
    const autoscaling = props.autoscaling;
    this.service = new EcsService(this, 'service', {
      name: props.serviceName,
      cluster: props.clusterArn,
      taskDefinition: task.arn,
      desiredCount: props.desiredCount,
      launchType: 'FARGATE',
      platformVersion: 'LATEST',
      networkConfiguration: { subnets: props.subnetIds, securityGroups: [this.securityGroup.id], assignPublicIp: false },
      deploymentCircuitBreaker: { enable: true, rollback: true },
      // A deployment that starts healthy but errors is rolled back by its alarms (seed 004).
      alarms: props.deploymentAlarmNames?.length
        ? { alarmNames: [...props.deploymentAlarmNames], enable: true, rollback: true }
        : undefined,
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      propagateTags: 'SERVICE',
      enableExecuteCommand: props.ecsExec ? true : undefined,
      enableEcsManagedTags: true,
      loadBalancer:
        lb && props.port !== undefined
          ? [{ targetGroupArn: lb.targetGroupArn, containerName: props.containerName, containerPort: props.port }]
          : undefined,
      healthCheckGracePeriodSeconds: lb ? HEALTH_CHECK_GRACE_SECONDS : undefined,
      // Autoscaling owns the running count once it is on; a plan must not fight it.
      lifecycle: autoscaling ? { ignoreChanges: ['desired_count'] } : undefined,
      dependsOn: lb ? [lb.listenerRule] : undefined,
    });

    if (autoscaling) {
      addServiceScaling(this, {
        config: autoscaling,
        resourceId: `service/${props.clusterName}/${this.service.name}`,
        policyName: props.scalingPolicyName,
        requestCountResourceLabel: lb?.requestCountResourceLabel,
      });
    }
  }
}

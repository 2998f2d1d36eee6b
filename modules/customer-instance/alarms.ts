import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import type { CustomerNames } from '../naming';

/** Alarm thresholds: the "warning" levels of the reference runbooks. */
export const ALARM_THRESHOLDS = {
  target5xxPercent: 5,
  serviceCpuPercent: 80,
  serviceMemoryPercent: 80,
  databaseCpuPercent: 80,
  /** Share of the allocated storage left free. */
  databaseFreeStorageRatio: 0.2,
  /** Share of PostgreSQL's max_connections in use. */
  databaseConnectionsRatio: 0.8,
  cacheCpuPercent: 80,
  cacheMemoryPercent: 80,
} as const;
/** Two of three five-minute periods: a spike alone does not page anyone. */
const PERIOD_SECONDS = 300;
const EVALUATION_PERIODS = 3;
const DATAPOINTS_TO_ALARM = 2;

const GIB = 2 ** 30;
/** Memory of the general-purpose size of each instance size; r classes have twice, x four times. */
const SIZE_MEMORY_GIB: Readonly<Record<string, number>> = {
  micro: 1,
  small: 2,
  medium: 4,
  large: 8,
  xlarge: 16,
  '2xlarge': 32,
  '4xlarge': 64,
  '8xlarge': 128,
  '12xlarge': 192,
  '16xlarge': 256,
  '24xlarge': 384,
};
const FAMILY_MEMORY_FACTOR: Readonly<Record<string, number>> = { r: 2, x: 4 };

/** RDS PostgreSQL's default max_connections, LEAST(DBInstanceClassMemory / 9531392, 5000), estimated from the class. */
export function estimatedMaxConnections(instanceClass: string): number {
  const [, family = '', size = 'large'] = instanceClass.split('.');
  const memoryGiB = (SIZE_MEMORY_GIB[size] ?? SIZE_MEMORY_GIB.large) * (FAMILY_MEMORY_FACTOR[family[0]] ?? 1);
  return Math.min(Math.floor((memoryGiB * GIB) / 9531392), 5000);
}

export interface AlarmsProps {
  readonly names: CustomerNames;
  /** Who receives the alerts (email subscriptions, confirmed by each recipient). */
  readonly emails: readonly string[];
  /**
   * Customer KMS key encrypting the topic.
   *
   * @default - unencrypted topic (CloudWatch cannot publish with the AWS managed SNS key)
   */
  readonly kmsKeyArn?: string;
  /** ARN suffix of the customer's ALB (CloudWatch `LoadBalancer` dimension). */
  readonly loadBalancerArnSuffix: string;
  /** ARN suffix (CloudWatch `TargetGroup` dimension) of each routed service's target group. */
  readonly targetGroups: ReadonlyMap<string, string>;
  /** ECS cluster name and service name of each service. */
  readonly services: ReadonlyMap<string, { readonly clusterName: string; readonly serviceName: string }>;
  /**
   * The primary database instance.
   *
   * @default - no database alarms
   */
  readonly database?: { readonly identifier: string; readonly instanceClass: string; readonly allocatedStorageGiB: number };
  /**
   * Member cluster ids of the cache.
   *
   * @default - no cache alarms
   */
  readonly cacheMemberClusterIds?: readonly string[];
}

type AlarmSpec = Omit<
  CloudwatchMetricAlarmConfig,
  'alarmName' | 'alarmActions' | 'okActions' | 'evaluationPeriods' | 'datapointsToAlarm' | 'treatMissingData'
>;

/** The customer's alerts topic with email subscriptions, and every alarm routed to it. */
export class Alarms extends Construct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { names } = props;
    this.topic = new SnsTopic(this, 'topic', { name: names.alertsTopic, kmsMasterKeyId: props.kmsKeyArn });
    props.emails.forEach(
      (endpoint, i) => new SnsTopicSubscription(this, `email-${i}`, { topicArn: this.topic.arn, protocol: 'email', endpoint }),
    );

    const alarm = (what: string, spec: AlarmSpec): void => {
      new CloudwatchMetricAlarm(this, what, {
        ...spec,
        alarmName: names.alarm(what),
        evaluationPeriods: EVALUATION_PERIODS,
        datapointsToAlarm: DATAPOINTS_TO_ALARM,
        treatMissingData: 'notBreaching',
        alarmActions: [this.topic.arn],
        okActions: [this.topic.arn],
      });
    };
    const metric = (namespace: string, metricName: string, statistic: string, dimensions: Record<string, string>) => ({
      namespace,
      metricName,
      statistic,
      dimensions,
      period: PERIOD_SECONDS,
    });

    for (const [service, targetGroup] of props.targetGroups) {
      const dimensions = { LoadBalancer: props.loadBalancerArnSuffix, TargetGroup: targetGroup };
      alarm(`${service}-5xx-rate`, {
        alarmDescription: `More than ${ALARM_THRESHOLDS.target5xxPercent}% of ${service} responses are 5xx`,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: ALARM_THRESHOLDS.target5xxPercent,
        metricQuery: [
          {
            id: 'errors',
            metric: {
              namespace: 'AWS/ApplicationELB',
              metricName: 'HTTPCode_Target_5XX_Count',
              stat: 'Sum',
              period: PERIOD_SECONDS,
              dimensions,
            },
          },
          {
            id: 'requests',
            metric: { namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', stat: 'Sum', period: PERIOD_SECONDS, dimensions },
          },
          { id: 'rate', expression: '100 * FILL(errors, 0) / requests', label: '5xx percent', returnData: true },
        ],
      });
      alarm(`${service}-unhealthy-hosts`, {
        alarmDescription: `${service} has targets failing the load balancer health check`,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: 0,
        ...metric('AWS/ApplicationELB', 'UnHealthyHostCount', 'Maximum', dimensions),
      });
    }
    for (const [service, ecs] of props.services) {
      const dimensions = { ClusterName: ecs.clusterName, ServiceName: ecs.serviceName };
      alarm(`${service}-cpu`, {
        alarmDescription: `${service} CPU above ${ALARM_THRESHOLDS.serviceCpuPercent}%`,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: ALARM_THRESHOLDS.serviceCpuPercent,
        ...metric('AWS/ECS', 'CPUUtilization', 'Average', dimensions),
      });
      alarm(`${service}-memory`, {
        alarmDescription: `${service} memory above ${ALARM_THRESHOLDS.serviceMemoryPercent}%`,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: ALARM_THRESHOLDS.serviceMemoryPercent,
        ...metric('AWS/ECS', 'MemoryUtilization', 'Average', dimensions),
      });
    }
    if (props.database) {
      const db = props.database;
      const dimensions = { DBInstanceIdentifier: db.identifier };
      const connections = Math.floor(estimatedMaxConnections(db.instanceClass) * ALARM_THRESHOLDS.databaseConnectionsRatio);
      alarm('database-cpu', {
        alarmDescription: `Database CPU above ${ALARM_THRESHOLDS.databaseCpuPercent}%`,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: ALARM_THRESHOLDS.databaseCpuPercent,
        ...metric('AWS/RDS', 'CPUUtilization', 'Average', dimensions),
      });
      alarm('database-free-storage', {
        alarmDescription: `Database free storage below ${ALARM_THRESHOLDS.databaseFreeStorageRatio * 100}% of the allocated ${db.allocatedStorageGiB} GiB`,
        comparisonOperator: 'LessThanThreshold',
        threshold: Math.floor(db.allocatedStorageGiB * GIB * ALARM_THRESHOLDS.databaseFreeStorageRatio),
        ...metric('AWS/RDS', 'FreeStorageSpace', 'Minimum', dimensions),
      });
      alarm('database-connections', {
        alarmDescription: `Database connections above ${connections} (${ALARM_THRESHOLDS.databaseConnectionsRatio * 100}% of max_connections)`,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: connections,
        ...metric('AWS/RDS', 'DatabaseConnections', 'Maximum', dimensions),
      });
    }
    for (const [i, node] of (props.cacheMemberClusterIds ?? []).entries()) {
      const dimensions = { CacheClusterId: node };
      alarm(`cache-${i + 1}-cpu`, {
        alarmDescription: `Redis ${node} engine CPU above ${ALARM_THRESHOLDS.cacheCpuPercent}%`,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: ALARM_THRESHOLDS.cacheCpuPercent,
        ...metric('AWS/ElastiCache', 'EngineCPUUtilization', 'Average', dimensions),
      });
      alarm(`cache-${i + 1}-memory`, {
        alarmDescription: `Redis ${node} memory above ${ALARM_THRESHOLDS.cacheMemoryPercent}%`,
        comparisonOperator: 'GreaterThanThreshold',
        threshold: ALARM_THRESHOLDS.cacheMemoryPercent,
        ...metric('AWS/ElastiCache', 'DatabaseMemoryUsagePercentage', 'Average', dimensions),
      });
    }
  }
}

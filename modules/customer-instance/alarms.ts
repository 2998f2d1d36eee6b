import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import type { AlarmMetric, CustomerNames } from '../naming';

export type AlarmLevel = 'warning' | 'critical';
/** Threshold per level; a level left out has no alarm. */
export interface AlarmLevels {
  readonly warning?: number;
  readonly critical?: number;
}
/** Thresholds per metric, in the units the config uses (percent, milliseconds). */
export interface AlertThresholds {
  readonly serviceCpuPercent: AlarmLevels;
  readonly serviceMemoryPercent: AlarmLevels;
  readonly targetResponseTimeP95Ms: AlarmLevels;
  readonly target5xxPercent: AlarmLevels;
  readonly databaseCpuPercent: AlarmLevels;
  readonly databaseConnectionsPercent: AlarmLevels;
  readonly databaseFreeStoragePercent: AlarmLevels;
  readonly cacheCpuPercent: AlarmLevels;
  readonly cacheMemoryPercent: AlarmLevels;
}

/**
 * How long a breach must last. Warnings look at five-minute periods (two of three), so a
 * spike alone notifies nobody; critical alarms at minutes (three of five), so they page,
 * and roll a deployment back, within minutes.
 */
export const ALARM_EVALUATION: Readonly<
  Record<AlarmLevel, { periodSeconds: number; evaluationPeriods: number; datapointsToAlarm: number }>
> = {
  warning: { periodSeconds: 300, evaluationPeriods: 3, datapointsToAlarm: 2 },
  critical: { periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 3 },
};
export const ALARM_LEVELS: readonly AlarmLevel[] = ['warning', 'critical'];

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

/** The alarms a routed service's deployments watch: its critical 5xx rate and p95 latency, when configured. */
export function deploymentAlarmNames(names: CustomerNames, service: string, thresholds: AlertThresholds): string[] {
  return [
    thresholds.target5xxPercent.critical !== undefined ? names.alarm(service, '5xx-rate', 'critical') : undefined,
    thresholds.targetResponseTimeP95Ms.critical !== undefined ? names.alarm(service, 'latency-p95', 'critical') : undefined,
  ].filter((n): n is string => n !== undefined);
}

export interface AlarmsProps {
  readonly names: CustomerNames;
  /** Who receives every alert, both levels (email subscriptions, confirmed by each recipient). */
  readonly emails: readonly string[];
  /** Who else receives alerts of one level only. */
  readonly levelEmails: Readonly<Record<AlarmLevel, readonly string[]>>;
  /** Warning and critical threshold per metric; a level left out gets no alarm. */
  readonly thresholds: AlertThresholds;
  /**
   * Customer KMS key encrypting the topics.
   *
   * @default - unencrypted topics (CloudWatch cannot publish with the AWS managed SNS key)
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
  'alarmName' | 'alarmActions' | 'okActions' | 'evaluationPeriods' | 'datapointsToAlarm' | 'treatMissingData' | 'threshold' | 'period'
> & { readonly period?: number };

/**
 * The customer's alert topics (critical: `<prefix>-alerts`, warning: `<prefix>-alerts-warning`)
 * with their email subscriptions, and a warning and a critical alarm per metric, each
 * routed to its level's topic.
 */
export class Alarms extends Construct {
  /** Critical alerts (and the budget's). */
  readonly topic: SnsTopic;
  readonly topics: Readonly<Record<AlarmLevel, SnsTopic>>;
  /** Every alarm by name. */
  readonly alarms = new Map<string, CloudwatchMetricAlarm>();

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const { names, thresholds } = props;
    const topic = (level: AlarmLevel, name: string, idPrefix: string): SnsTopic => {
      const t = new SnsTopic(this, level === 'critical' ? 'topic' : `topic-${level}`, { name, kmsMasterKeyId: props.kmsKeyArn });
      [...new Set([...props.emails, ...props.levelEmails[level]])].forEach(
        (endpoint, i) => new SnsTopicSubscription(this, `${idPrefix}${i}`, { topicArn: t.arn, protocol: 'email', endpoint }),
      );
      return t;
    };
    // The critical topic keeps the construct ids of the single topic it replaces: no re-subscription.
    this.topics = {
      critical: topic('critical', names.alertsTopic, 'email-'),
      warning: topic('warning', names.warningAlertsTopic, 'warning-email-'),
    };
    this.topic = this.topics.critical;

    /** One alarm per configured level; `threshold` turns the configured number into the metric's unit. */
    const alarm = (
      subject: string,
      metric: AlarmMetric,
      levels: Levels,
      spec: (threshold: number, level: AlarmLevel) => AlarmSpec,
    ): void => {
      for (const level of ALARM_LEVELS) {
        const configured = levels[level];
        if (configured === undefined) continue;
        const timing = ALARM_EVALUATION[level];
        const { period, ...rest } = spec(configured, level);
        const name = names.alarm(subject, metric, level);
        const resource = new CloudwatchMetricAlarm(this, `${subject}-${metric}-${level}`, {
          ...rest,
          ...(rest.metricQuery ? {} : { period: period ?? timing.periodSeconds }),
          alarmName: name,
          threshold: configured,
          evaluationPeriods: timing.evaluationPeriods,
          datapointsToAlarm: timing.datapointsToAlarm,
          treatMissingData: 'notBreaching',
          alarmActions: [this.topics[level].arn],
          okActions: [this.topics[level].arn],
        });
        this.alarms.set(name, resource);
      }
    };
    const stat = (namespace: string, metricName: string, statistic: string, dimensions: Record<string, string>) => ({
      namespace,
      metricName,
      statistic,
      dimensions,
    });

    for (const [service, targetGroup] of props.targetGroups) {
      const dimensions = { LoadBalancer: props.loadBalancerArnSuffix, TargetGroup: targetGroup };
      alarm(service, '5xx-rate', thresholds.target5xxPercent, (t, level) => {
        const period = ALARM_EVALUATION[level].periodSeconds;
        const count = (id: string, metricName: string) => ({
          id,
          metric: { namespace: 'AWS/ApplicationELB', metricName, stat: 'Sum', period, dimensions },
        });
        return {
          alarmDescription: `${level}: more than ${t}% of ${service} responses are 5xx`,
          comparisonOperator: 'GreaterThanThreshold',
          metricQuery: [
            count('errors', 'HTTPCode_Target_5XX_Count'),
            count('requests', 'RequestCount'),
            { id: 'rate', expression: '100 * FILL(errors, 0) / requests', label: '5xx percent', returnData: true },
          ],
        };
      });
      // Milliseconds in the config, seconds in CloudWatch.
      alarm(service, 'latency-p95', scaled(thresholds.targetResponseTimeP95Ms, 1 / 1000), (t, level) => ({
        alarmDescription: `${level}: ${service} p95 response time above ${Math.round(t * 1000)} ms`,
        comparisonOperator: 'GreaterThanThreshold',
        namespace: 'AWS/ApplicationELB',
        metricName: 'TargetResponseTime',
        extendedStatistic: 'p95',
        dimensions,
      }));
      alarm(service, 'unhealthy-hosts', { critical: 0 }, () => ({
        alarmDescription: `critical: ${service} has targets failing the load balancer health check`,
        comparisonOperator: 'GreaterThanThreshold',
        ...stat('AWS/ApplicationELB', 'UnHealthyHostCount', 'Maximum', dimensions),
      }));
    }
    for (const [service, ecs] of props.services) {
      const dimensions = { ClusterName: ecs.clusterName, ServiceName: ecs.serviceName };
      alarm(service, 'cpu', thresholds.serviceCpuPercent, (t, level) => ({
        alarmDescription: `${level}: ${service} CPU above ${t}%`,
        comparisonOperator: 'GreaterThanThreshold',
        ...stat('AWS/ECS', 'CPUUtilization', 'Average', dimensions),
      }));
      alarm(service, 'memory', thresholds.serviceMemoryPercent, (t, level) => ({
        alarmDescription: `${level}: ${service} memory above ${t}%`,
        comparisonOperator: 'GreaterThanThreshold',
        ...stat('AWS/ECS', 'MemoryUtilization', 'Average', dimensions),
      }));
    }
    if (props.database) {
      const db = props.database;
      const dimensions = { DBInstanceIdentifier: db.identifier };
      const maxConnections = estimatedMaxConnections(db.instanceClass);
      alarm('database', 'cpu', thresholds.databaseCpuPercent, (t, level) => ({
        alarmDescription: `${level}: database CPU above ${t}%`,
        comparisonOperator: 'GreaterThanThreshold',
        ...stat('AWS/RDS', 'CPUUtilization', 'Average', dimensions),
      }));
      alarm('database', 'free-storage', percentOf(thresholds.databaseFreeStoragePercent, db.allocatedStorageGiB * GIB), (t, level) => ({
        alarmDescription: `${level}: database free storage below ${Math.round((t / (db.allocatedStorageGiB * GIB)) * 100)}% of the allocated ${db.allocatedStorageGiB} GiB`,
        comparisonOperator: 'LessThanThreshold',
        ...stat('AWS/RDS', 'FreeStorageSpace', 'Minimum', dimensions),
      }));
      alarm('database', 'connections', percentOf(thresholds.databaseConnectionsPercent, maxConnections), (t, level) => ({
        alarmDescription: `${level}: database connections above ${t} of an estimated max_connections of ${maxConnections}`,
        comparisonOperator: 'GreaterThanThreshold',
        ...stat('AWS/RDS', 'DatabaseConnections', 'Maximum', dimensions),
      }));
    }
    for (const [i, node] of (props.cacheMemberClusterIds ?? []).entries()) {
      const dimensions = { CacheClusterId: node };
      alarm(`cache-${i + 1}`, 'cpu', thresholds.cacheCpuPercent, (t, level) => ({
        alarmDescription: `${level}: Redis ${node} engine CPU above ${t}%`,
        comparisonOperator: 'GreaterThanThreshold',
        ...stat('AWS/ElastiCache', 'EngineCPUUtilization', 'Average', dimensions),
      }));
      alarm(`cache-${i + 1}`, 'memory', thresholds.cacheMemoryPercent, (t, level) => ({
        alarmDescription: `${level}: Redis ${node} memory above ${t}%`,
        comparisonOperator: 'GreaterThanThreshold',
        ...stat('AWS/ElastiCache', 'DatabaseMemoryUsagePercentage', 'Average', dimensions),
      }));
    }
  }
}

type Levels = { readonly warning?: number; readonly critical?: number };

/** Levels given as a percentage of `whole`, turned into absolute thresholds (floored). */
function percentOf(levels: Levels, whole: number): Levels {
  const abs = (p?: number) => (p === undefined ? undefined : Math.floor((whole * p) / 100));
  return { warning: abs(levels.warning), critical: abs(levels.critical) };
}

function scaled(levels: Levels, factor: number): Levels {
  const by = (v?: number) => (v === undefined ? undefined : v * factor);
  return { warning: by(levels.warning), critical: by(levels.critical) };
}

import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { Construct } from 'constructs';
import { dashboardBody, type MetricLine, type MetricWidget } from '../platform/dashboard';

export interface CustomerDashboardProps {
  readonly dashboardName: string;
  readonly region: string;
  /** ECS cluster and service name of each service, by service. */
  readonly services: ReadonlyMap<string, { readonly clusterName: string; readonly serviceName: string }>;
  /** ARN suffix of the customer's ALB (its shard's or its own). */
  readonly loadBalancerArnSuffix: string;
  /** Target group ARN suffix of each routed service. */
  readonly targetGroups: ReadonlyMap<string, string>;
  /**
   * The primary database instance identifier.
   *
   * @default - no database widgets
   */
  readonly databaseIdentifier?: string;
  /**
   * Member cluster ids of the cache.
   *
   * @default - no cache widgets
   */
  readonly cacheMemberClusterIds?: readonly string[];
}

/**
 * One customer at a glance (seed 004's production dashboard): services' CPU and memory,
 * requests, 5xx and p95 latency per target group, healthy targets, database CPU,
 * connections and free storage, cache CPU and memory.
 */
export class CustomerDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: CustomerDashboardProps) {
    super(scope, id);
    const perService = (metric: string): MetricLine[] =>
      [...props.services].map(([name, s]) => [
        'AWS/ECS',
        metric,
        'ClusterName',
        s.clusterName,
        'ServiceName',
        s.serviceName,
        { label: name },
      ]);
    const perTarget = (metric: string, options: Record<string, string> = {}): MetricLine[] =>
      [...props.targetGroups].map(([name, tg]) => [
        'AWS/ApplicationELB',
        metric,
        'LoadBalancer',
        props.loadBalancerArnSuffix,
        'TargetGroup',
        tg,
        { label: name, ...options },
      ]);
    const widgets: MetricWidget[] = [
      { title: 'Service CPU %', stat: 'Average', lines: perService('CPUUtilization') },
      { title: 'Service memory %', stat: 'Average', lines: perService('MemoryUtilization') },
    ];
    if (props.targetGroups.size) {
      widgets.push(
        { title: 'Requests', stat: 'Sum', lines: perTarget('RequestCount') },
        { title: 'Target 5xx responses', stat: 'Sum', lines: perTarget('HTTPCode_Target_5XX_Count') },
        { title: 'Response time p95 (s)', stat: 'p95', lines: perTarget('TargetResponseTime') },
        { title: 'Healthy targets', stat: 'Minimum', lines: perTarget('HealthyHostCount') },
      );
    }
    const db = props.databaseIdentifier;
    if (db) {
      const line = (metric: string): MetricLine => ['AWS/RDS', metric, 'DBInstanceIdentifier', db];
      widgets.push(
        {
          title: 'Database CPU % and connections',
          stat: 'Average',
          lines: [line('CPUUtilization'), [...line('DatabaseConnections'), { yAxis: 'right' }]],
        },
        { title: 'Database free storage (bytes)', stat: 'Minimum', lines: [line('FreeStorageSpace')] },
      );
    }
    const nodes = props.cacheMemberClusterIds ?? [];
    if (nodes.length) {
      const lines = (metric: string): MetricLine[] => nodes.map((n) => ['AWS/ElastiCache', metric, 'CacheClusterId', n]);
      widgets.push(
        { title: 'Cache engine CPU %', stat: 'Average', lines: lines('EngineCPUUtilization') },
        { title: 'Cache memory used %', stat: 'Average', lines: lines('DatabaseMemoryUsagePercentage') },
      );
    }
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: props.dashboardName,
      dashboardBody: dashboardBody(props.region, widgets),
    });
  }
}

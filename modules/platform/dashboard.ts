import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { Construct } from 'constructs';

/** One line of a CloudWatch metric widget: namespace, metric, dimension pairs, then options. */
export type MetricLine = (string | Record<string, string>)[];

export interface MetricWidget {
  readonly title: string;
  readonly lines: readonly MetricLine[];
  /** Default statistic of the lines. */
  readonly stat: string;
}

/** Widgets two to a row, 12 x 6 each, every one over the same region and a 5-minute period. */
export function dashboardBody(region: string, widgets: readonly MetricWidget[]): string {
  return JSON.stringify({
    widgets: widgets.map((w, i) => ({
      type: 'metric',
      x: (i % 2) * 12,
      y: Math.floor(i / 2) * 6,
      width: 12,
      height: 6,
      properties: { title: w.title, region, stat: w.stat, period: 300, view: 'timeSeries', metrics: w.lines },
    })),
  });
}

export interface PlatformDashboardProps {
  readonly dashboardName: string;
  readonly region: string;
  readonly clusterName: string;
  /** ARN suffix of each ALB shard, by shard index. */
  readonly albArnSuffixes: readonly string[];
  /** NAT gateway ids. */
  readonly natGatewayIds: readonly string[];
}

/** The shared platform at a glance: cluster CPU and memory, each ALB shard's traffic, errors and latency, NAT traffic. */
export class PlatformDashboard extends Construct {
  readonly dashboard: CloudwatchDashboard;

  constructor(scope: Construct, id: string, props: PlatformDashboardProps) {
    super(scope, id);
    const cluster = (metric: string): MetricLine => ['AWS/ECS', metric, 'ClusterName', props.clusterName];
    const perShard = (metric: string): MetricLine[] =>
      props.albArnSuffixes.map((alb, i) => ['AWS/ApplicationELB', metric, 'LoadBalancer', alb, { label: `shard ${i}` }]);
    const widgets: MetricWidget[] = [
      { title: 'Shared cluster CPU % and memory %', stat: 'Average', lines: [cluster('CPUUtilization'), cluster('MemoryUtilization')] },
      { title: 'ALB requests', stat: 'Sum', lines: perShard('RequestCount') },
      {
        title: 'ALB 5xx (load balancer and targets)',
        stat: 'Sum',
        lines: [...perShard('HTTPCode_ELB_5XX_Count'), ...perShard('HTTPCode_Target_5XX_Count')],
      },
      { title: 'ALB response time p95 (s)', stat: 'p95', lines: perShard('TargetResponseTime') },
      { title: 'ALB rejected connections', stat: 'Sum', lines: perShard('RejectedConnectionCount') },
      {
        title: 'NAT bytes out',
        stat: 'Sum',
        lines: props.natGatewayIds.map((nat) => ['AWS/NATGateway', 'BytesOutToDestination', 'NatGatewayId', nat]),
      },
    ];
    this.dashboard = new CloudwatchDashboard(this, 'dashboard', {
      dashboardName: props.dashboardName,
      dashboardBody: dashboardBody(props.region, widgets),
    });
  }
}

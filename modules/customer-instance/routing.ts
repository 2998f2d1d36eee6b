import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Construct } from 'constructs';

/** Where a customer's listener rules go and with which priorities (see generator/allocations.ts). */
export interface CustomerRouting {
  /** Platform ALB shard, for pooled customers; dedicated customers have their own ALB. */
  readonly albShard?: number;
  /** Listener rule priority per routed service. */
  readonly priorities: Readonly<Record<string, number>>;
}

/** Target group health check: every 30 s, 5 s timeout, in after 2 passes, out after 3 failures. */
export const TARGET_HEALTH_CHECK = {
  intervalSeconds: 30,
  timeoutSeconds: 5,
  healthyThreshold: 2,
  unhealthyThreshold: 3,
  matcher: '200-399',
} as const;
/** Seconds a draining target keeps its in-flight requests; ALB's 300 s default slows every deploy. */
export const DEREGISTRATION_DELAY_SECONDS = 30;

export interface RoutedService {
  readonly name: string;
  readonly targetGroupName: string;
  readonly port: number;
  readonly pathPatterns: readonly string[];
  readonly healthCheckPath: string;
  /** Listener rule priority (unique on the listener, allocated by the generator). */
  readonly priority: number;
  /**
   * Seconds a client sticks to one task through the load balancer's cookie.
   *
   * @default - no stickiness
   */
  readonly stickySessionSeconds?: number;
}

export interface RoutingProps {
  /** HTTPS listener of the customer's ALB (its shard or its own). */
  readonly listenerArn: string;
  readonly vpcId: string;
  /** The customer's host name: every rule matches it and nothing else. */
  readonly domain: string;
  readonly services: readonly RoutedService[];
  /**
   * A header every request must carry to match (CloudFront's origin-verify header).
   *
   * @default - host and path alone
   */
  readonly requiredHeader?: { readonly name: string; readonly value: string };
}

export interface Route {
  readonly targetGroup: LbTargetGroup;
  readonly rule: LbListenerRule;
}

/** A target group (type ip) and a host + path listener rule per service with a port. */
export class Routing extends Construct {
  readonly routes: ReadonlyMap<string, Route>;

  constructor(scope: Construct, id: string, props: RoutingProps) {
    super(scope, id);
    const routes = new Map<string, Route>();
    for (const s of props.services) {
      const targetGroup = new LbTargetGroup(this, `${s.name}-targets`, {
        name: s.targetGroupName,
        port: s.port,
        protocol: 'HTTP',
        targetType: 'ip',
        vpcId: props.vpcId,
        deregistrationDelay: String(DEREGISTRATION_DELAY_SECONDS),
        stickiness:
          s.stickySessionSeconds !== undefined ? { type: 'lb_cookie', enabled: true, cookieDuration: s.stickySessionSeconds } : undefined,
        healthCheck: {
          enabled: true,
          path: s.healthCheckPath,
          protocol: 'HTTP',
          port: 'traffic-port',
          interval: TARGET_HEALTH_CHECK.intervalSeconds,
          timeout: TARGET_HEALTH_CHECK.timeoutSeconds,
          healthyThreshold: TARGET_HEALTH_CHECK.healthyThreshold,
          unhealthyThreshold: TARGET_HEALTH_CHECK.unhealthyThreshold,
          matcher: TARGET_HEALTH_CHECK.matcher,
        },
      });
      const rule = new LbListenerRule(this, `${s.name}-rule`, {
        listenerArn: props.listenerArn,
        priority: s.priority,
        action: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
        condition: [
          { hostHeader: { values: [props.domain] } },
          { pathPattern: { values: [...s.pathPatterns] } },
          ...(props.requiredHeader
            ? [{ httpHeader: { httpHeaderName: props.requiredHeader.name, values: [props.requiredHeader.value] } }]
            : []),
        ],
      });
      routes.set(s.name, { targetGroup, rule });
    }
    this.routes = routes;
  }
}

import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { activeServices, CustomerConfig, PlatformConfig } from '../../generator/config/types';
import { customerNames } from '../naming';
import { WorkspaceStack } from './workspace-stack';

export interface CustomerRouting {
  /** Platform ALB shard, for pooled customers. */
  readonly albShard?: number;
  /** Listener rule priority per routed service. */
  readonly priorities: Readonly<Record<string, number>>;
}

export interface CustomerStackProps {
  readonly platform: PlatformConfig;
  /** The merged customer config. */
  readonly customer: CustomerConfig;
  readonly routing: CustomerRouting;
}

/** Everything one customer owns, in its own workspace and state object. */
export class CustomerStack extends WorkspaceStack {
  constructor(scope: Construct, id: string, props: CustomerStackProps) {
    const { platform, customer } = props;
    const names = customerNames(platform, customer.name);
    super(scope, id, {
      platform,
      stateKey: names.stateKey,
      tags: { ...customer.tags, Customer: customer.name, Tier: customer.tier },
    });
    for (const [service] of activeServices(customer)) {
      new CloudwatchLogGroup(this, `${service}-logs`, { name: names.logGroup(service), retentionInDays: customer.logs.retentionDays });
    }
  }
}

import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Construct } from 'constructs';

/** What the customer's domain resolves to. */
export interface AliasTarget {
  readonly dnsName: string;
  /** Route 53 zone id of the target (the ALB's canonical zone, or CloudFront's). */
  readonly zoneId: string;
  /** Route 53 answers only while the target is healthy (ALBs; CloudFront has no health). */
  readonly evaluateTargetHealth: boolean;
}

export interface CustomerDnsProps {
  /** Hosted zone holding the customer's domain. */
  readonly zoneId: string;
  readonly domain: string;
  readonly target: AliasTarget;
}

/** Alias A and AAAA records for the customer's domain. */
export class CustomerDns extends Construct {
  constructor(scope: Construct, id: string, props: CustomerDnsProps) {
    super(scope, id);
    for (const type of ['A', 'AAAA']) {
      new Route53Record(this, type.toLowerCase(), {
        zoneId: props.zoneId,
        name: props.domain,
        type,
        alias: { name: props.target.dnsName, zoneId: props.target.zoneId, evaluateTargetHealth: props.target.evaluateTargetHealth },
      });
    }
  }
}

import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Construct } from 'constructs';

/** What the customer's domain resolves to. */
export interface AliasTarget {
  readonly dnsName: string;
  /** Route 53 zone id of the target (the ALB's canonical zone, or CloudFront's). */
  readonly zoneId: string;
  /** Route 53 answers only while the target is healthy (ALBs; CloudFront has no health). */
  readonly evaluateTargetHealth: boolean;
  /** Whether the target answers over IPv6 (CloudFront does; the IPv4-only ALBs do not). */
  readonly ipv6: boolean;
}

export interface CustomerDnsProps {
  /** Hosted zone holding the customer's domain. */
  readonly zoneId: string;
  readonly domain: string;
  readonly target: AliasTarget;
}

/** Alias A record for the customer's domain, and AAAA when the target serves IPv6. */
export class CustomerDns extends Construct {
  constructor(scope: Construct, id: string, props: CustomerDnsProps) {
    super(scope, id);
    for (const type of props.target.ipv6 ? ['A', 'AAAA'] : ['A']) {
      new Route53Record(this, type.toLowerCase(), {
        zoneId: props.zoneId,
        name: props.domain,
        type,
        alias: { name: props.target.dnsName, zoneId: props.target.zoneId, evaluateTargetHealth: props.target.evaluateTargetHealth },
      });
    }
  }
}

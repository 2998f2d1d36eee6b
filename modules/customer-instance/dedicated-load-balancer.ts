import { DataAwsEc2ManagedPrefixList } from '@cdktf/provider-aws/lib/data-aws-ec2-managed-prefix-list';
import type { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { HttpsLoadBalancer } from '../platform/load-balancer';
import { securityGroup } from './connections';

export interface DedicatedLoadBalancerProps {
  readonly name: string;
  readonly securityGroupName: string;
  readonly vpcId: string;
  /** Public subnets, one per AZ. */
  readonly subnetIds: string[];
  readonly certificateArn: string;
  readonly accessLogsBucket: string;
  readonly accessLogsPrefix: string;
  /** Seconds an idle connection stays open (the platform's `loadBalancer.idleTimeoutSeconds`). */
  readonly idleTimeoutSeconds: number;
  readonly deletionProtection: boolean;
  /**
   * Whether only CloudFront reaches the ALB: HTTPS from CloudFront's origin-facing
   * addresses (the AWS-managed prefix list) instead of HTTP and HTTPS from anywhere.
   *
   * @default false
   */
  readonly cloudFrontOnly?: boolean;
}

/** AWS-managed prefix list of the addresses CloudFront connects to origins from. */
export const CLOUDFRONT_ORIGIN_FACING = 'com.amazonaws.global.cloudfront.origin-facing';

/**
 * A dedicated customer's own internet-facing ALB, built like the platform shards, with
 * its own security group: HTTP and HTTPS in from anywhere, or HTTPS from CloudFront only
 * when the customer's CDN fronts it; egress is added per service port towards that
 * service's group only.
 */
export class DedicatedLoadBalancer extends Construct {
  readonly securityGroup: SecurityGroup;
  readonly loadBalancer: HttpsLoadBalancer;

  constructor(scope: Construct, id: string, props: DedicatedLoadBalancerProps) {
    super(scope, id);
    this.securityGroup = securityGroup(this, 'security-group', props.securityGroupName, `ALB ${props.name}`, props.vpcId);
    if (props.cloudFrontOnly) {
      const cloudFront = new DataAwsEc2ManagedPrefixList(this, 'cloudfront-origin-facing', { name: CLOUDFRONT_ORIGIN_FACING });
      new VpcSecurityGroupIngressRule(this, '443-cloudfront', {
        securityGroupId: this.securityGroup.id,
        prefixListId: cloudFront.id,
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        description: 'HTTPS from CloudFront only (the CDN fronts this ALB)',
      });
    }
    for (const port of props.cloudFrontOnly ? [] : [80, 443]) {
      for (const [family, cidr] of [
        ['ipv4', { cidrIpv4: '0.0.0.0/0' }],
        ['ipv6', { cidrIpv6: '::/0' }],
      ] as const) {
        new VpcSecurityGroupIngressRule(this, `${port}-${family}`, {
          securityGroupId: this.securityGroup.id,
          ...cidr,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          description: port === 80 ? 'HTTP, redirected to HTTPS' : 'HTTPS',
        });
      }
    }
    this.loadBalancer = new HttpsLoadBalancer(this, 'alb', {
      name: props.name,
      subnetIds: props.subnetIds,
      securityGroupIds: [this.securityGroup.id],
      certificateArn: props.certificateArn,
      accessLogsBucket: props.accessLogsBucket,
      accessLogsPrefix: props.accessLogsPrefix,
      idleTimeoutSeconds: props.idleTimeoutSeconds,
      deletionProtection: props.deletionProtection,
    });
  }
}

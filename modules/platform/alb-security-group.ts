import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';

/** Ports the internet reaches the load balancers on: HTTPS, and HTTP only to be redirected. */
export const ALB_LISTENER_PORTS = [443, 80] as const;

export interface AlbSecurityGroupProps {
  /** Security group name. */
  readonly groupName: string;
  readonly vpcId: string;
  /** The VPC CIDR: the only destination the load balancers send to. */
  readonly vpcCidr: string;
  /** Container ports customers route to; nothing else is reachable from the load balancers. */
  readonly applicationPorts: readonly number[];
}

/** The shared load balancers' security group; customer tasks admit traffic from it only. */
export class AlbSecurityGroup extends Construct {
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: AlbSecurityGroupProps) {
    super(scope, id);
    // No inline rules: Terraform then removes the default allow-all egress.
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: props.groupName,
      description: 'Shared ALBs: HTTP(S) from the internet, application ports inside the VPC',
      vpcId: props.vpcId,
      tags: { Name: props.groupName },
    });
    const securityGroupId = this.securityGroup.id;
    for (const port of ALB_LISTENER_PORTS) {
      new VpcSecurityGroupIngressRule(this, `ingress-${port}`, {
        securityGroupId,
        description: `port ${port} from anywhere`,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: '0.0.0.0/0',
      });
    }
    for (const port of props.applicationPorts) {
      new VpcSecurityGroupEgressRule(this, `egress-${port}`, {
        securityGroupId,
        description: `application port ${port} in the VPC`,
        ipProtocol: 'tcp',
        fromPort: port,
        toPort: port,
        cidrIpv4: props.vpcCidr,
      });
    }
  }
}

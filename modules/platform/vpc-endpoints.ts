import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';

/** Services tasks reach privately: image pulls (ECR api + dkr), logs and secrets. */
export const INTERFACE_ENDPOINT_SERVICES = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager'] as const;

export interface VpcEndpointsProps {
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly region: string;
  /** Subnets holding the interface endpoints' network interfaces. */
  readonly subnetIds: string[];
  /** Route tables that get the S3 gateway endpoint (ECR image layers live in S3). */
  readonly routeTableIds: string[];
  /** Name of the endpoints' own security group. */
  readonly securityGroupName: string;
}

/**
 * Private paths to AWS APIs: the free S3 gateway endpoint and interface endpoints that
 * keep image pulls, logs and secret reads off the NAT gateways.
 */
export class VpcEndpoints extends Construct {
  readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: props.securityGroupName,
      description: 'HTTPS from inside the VPC to the interface endpoints',
      vpcId: props.vpcId,
      tags: { Name: props.securityGroupName },
    });
    new VpcSecurityGroupIngressRule(this, 'https-from-vpc', {
      securityGroupId: this.securityGroup.id,
      description: 'HTTPS from the VPC',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidr,
    });
    new VpcEndpoint(this, 's3', {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: props.routeTableIds,
    });
    for (const service of INTERFACE_ENDPOINT_SERVICES) {
      new VpcEndpoint(this, service.replace('.', '-'), {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Interface',
        subnetIds: props.subnetIds,
        securityGroupIds: [this.securityGroup.id],
        privateDnsEnabled: true,
      });
    }
  }
}

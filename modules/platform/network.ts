import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { type NamingContext, platformNames } from '../naming';
import { VpcFlowLogs } from './flow-logs';
import { planSubnets, type SubnetTier } from './subnet-plan';
import { VpcEndpoints } from './vpc-endpoints';

export type NatGatewayMode = 'one-per-az' | 'single';

export interface NetworkProps {
  /** App and environment the names derive from. */
  readonly context: NamingContext;
  /** VPC IPv4 CIDR, /16 to /22. */
  readonly cidr: string;
  /** Availability Zones used: each gets a public, a private and a database subnet. */
  readonly azCount: number;
  /** One NAT gateway per AZ (an AZ outage keeps the others online) or a single one. */
  readonly natGateways: NatGatewayMode;
  /** Region, for the endpoint service names. */
  readonly region: string;
  /** Account the flow log service acts for. */
  readonly accountId: string;
  /** Days VPC flow log records are kept. */
  readonly flowLogRetentionDays: number;
}

/**
 * The platform VPC: public subnets behind an internet gateway, private application
 * subnets behind NAT, database subnets with no route out, flow logs, private endpoints
 * for AWS APIs, and a default security group with every rule removed.
 */
export class Network extends Construct {
  readonly vpc: Vpc;
  readonly subnets: Readonly<Record<SubnetTier, Subnet[]>> = { public: [], private: [], database: [] };
  readonly natGateways: NatGateway[] = [];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const names = platformNames(props.context);
    this.vpc = new Vpc(this, 'vpc', { cidrBlock: props.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: names.vpc } });
    const vpcId = this.vpc.id;
    // Without an explicit rule list the default group keeps allowing traffic between its members.
    new DefaultSecurityGroup(this, 'default-security-group', {
      vpcId,
      ingress: [],
      egress: [],
      tags: { Name: `${names.vpc}-default-deny` },
    });

    const zones = new DataAwsAvailabilityZones(this, 'zones', { state: 'available' });
    for (const planned of planSubnets(props.cidr, props.azCount)) {
      const name = names.subnet(planned.tier, planned.az);
      this.subnets[planned.tier].push(
        new Subnet(this, `${planned.tier}-subnet-${planned.az}`, {
          vpcId,
          cidrBlock: planned.cidr,
          availabilityZone: Fn.element(zones.names, planned.az),
          mapPublicIpOnLaunch: false,
          tags: { Name: name, SubnetTier: planned.tier },
        }),
      );
    }

    const gateway = new InternetGateway(this, 'internet-gateway', { vpcId, tags: { Name: names.vpc } });
    const publicRoutes = this.routeTable('public-routes', names.routeTable('public'), this.subnets.public);
    new Route(this, 'public-default-route', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: gateway.id });

    const natCount = props.natGateways === 'single' ? 1 : props.azCount;
    for (let az = 0; az < natCount; az++) {
      const eip = new Eip(this, `nat-eip-${az}`, { domain: 'vpc', tags: { Name: names.natGateway(az) } });
      this.natGateways.push(
        new NatGateway(this, `nat-${az}`, {
          allocationId: eip.allocationId,
          subnetId: this.subnets.public[az].id,
          tags: { Name: names.natGateway(az) },
          dependsOn: [gateway],
        }),
      );
    }
    const privateRoutes = this.subnets.private.map((subnet, az) => {
      const table = this.routeTable(`private-routes-${az}`, names.routeTable('private', az), [subnet]);
      new Route(this, `private-default-route-${az}`, {
        routeTableId: table.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: this.natGateways[az % natCount].id,
      });
      return table;
    });
    const databaseRoutes = this.routeTable('database-routes', names.routeTable('database'), this.subnets.database);

    new VpcFlowLogs(this, 'flow-logs', {
      vpcId,
      logGroupName: names.flowLogGroup,
      roleName: names.flowLogRole,
      retentionDays: props.flowLogRetentionDays,
      accountId: props.accountId,
    });
    new VpcEndpoints(this, 'endpoints', {
      vpcId,
      vpcCidr: props.cidr,
      region: props.region,
      subnetIds: this.subnets.private.map((s) => s.id),
      routeTableIds: [...privateRoutes, databaseRoutes].map((t) => t.id),
      securityGroupName: names.endpointSecurityGroup,
    });
  }

  private routeTable(id: string, name: string, subnets: readonly Subnet[]): RouteTable {
    const table = new RouteTable(this, id, { vpcId: this.vpc.id, tags: { Name: name } });
    subnets.forEach((subnet, i) => new RouteTableAssociation(this, `${id}-${i}`, { subnetId: subnet.id, routeTableId: table.id }));
    return table;
  }
}

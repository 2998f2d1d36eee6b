import { describe, expect, it } from 'vitest';
import { Network, type NetworkProps } from '../../modules/platform/network';
import { INTERFACE_ENDPOINT_SERVICES } from '../../modules/platform/vpc-endpoints';
import { parseIpv4Cidr, planSubnets } from '../../modules/platform/subnet-plan';
import { resources, synthJson } from './synth-json';

const base: NetworkProps = {
  context: { appName: 'saas', environment: 'prod' },
  cidr: '10.20.0.0/16',
  azCount: 2,
  natGateways: 'one-per-az',
  region: 'eu-west-1',
  accountId: '123456789012',
  flowLogRetentionDays: 90,
};

function synth(props: Partial<NetworkProps> = {}): any {
  return synthJson((scope) => new Network(scope, 'network', { ...base, ...props }));
}

function range(cidr: string): [number, number] {
  const { address, prefix } = parseIpv4Cidr(cidr)!;
  return [address, address + 2 ** (32 - prefix) - 1];
}

/** The route table (by reference) each subnet of a tier is associated with. */
function routesOf(json: any, tier: string): any[][] {
  const tables = Object.entries<any>(json.resource.aws_route_table).filter(([, t]) => t.tags.Name.includes(`-${tier}`));
  return tables.map(([id]) => resources(json, 'aws_route').filter((r) => r.route_table_id === `\${aws_route_table.${id}.id}`));
}

describe('Network', () => {
  it('GIVEN three AZs WHEN synthesized THEN nine subnets have pairwise disjoint CIDRs inside the VPC CIDR', () => {
    const subnets = resources(synth({ azCount: 3 }), 'aws_subnet');
    expect(subnets).toHaveLength(9);
    const [vpcStart, vpcEnd] = range(base.cidr);
    const ranges = subnets.map((s) => range(s.cidr_block));
    for (const [start, end] of ranges) expect(start >= vpcStart && end <= vpcEnd).toBe(true);
    for (let i = 0; i < ranges.length; i++)
      for (let j = i + 1; j < ranges.length; j++)
        expect(ranges[i][1] < ranges[j][0] || ranges[j][1] < ranges[i][0], `${subnets[i].cidr_block} / ${subnets[j].cidr_block}`).toBe(
          true,
        );
    expect(subnets.map((s) => s.tags.SubnetTier).sort()).toEqual([
      ...Array(3).fill('database'),
      ...Array(3).fill('private'),
      ...Array(3).fill('public'),
    ]);
  });

  it('GIVEN a third AZ WHEN the plan grows THEN the first two AZs keep their CIDRs', () => {
    const two = planSubnets('10.20.0.0/20', 2);
    const three = planSubnets('10.20.0.0/20', 3);
    expect(three.filter((s) => s.az < 2)).toEqual(two);
  });

  it('GIVEN subnets WHEN synthesized THEN each AZ index picks its zone from the available zones', () => {
    const zones = resources(synth({ azCount: 3 }), 'aws_subnet').map((s) => s.availability_zone);
    expect(new Set(zones).size).toBe(3);
    for (const zone of zones) expect(zone).toMatch(/^\$\{element\(data\.aws_availability_zones\.[^.]+\.names, [0-2]\)\}$/);
  });

  it('GIVEN one NAT per AZ WHEN synthesized THEN each private route table uses its own NAT gateway', () => {
    const json = synth({ azCount: 3 });
    expect(resources(json, 'aws_nat_gateway')).toHaveLength(3);
    const targets = routesOf(json, 'private').map((routes) => routes.map((r) => r.nat_gateway_id));
    expect(targets).toHaveLength(3);
    expect(new Set(targets.flat()).size).toBe(3);
  });

  it('GIVEN a single NAT WHEN synthesized THEN one NAT gateway serves every private route table', () => {
    const json = synth({ azCount: 3, natGateways: 'single' });
    expect(resources(json, 'aws_nat_gateway')).toHaveLength(1);
    expect(resources(json, 'aws_eip')).toHaveLength(1);
    const targets = routesOf(json, 'private')
      .flat()
      .map((r) => r.nat_gateway_id);
    expect(targets).toHaveLength(3);
    expect(new Set(targets).size).toBe(1);
  });

  it('GIVEN the tiers WHEN synthesized THEN public routes to the internet gateway and database subnets have no route out', () => {
    const json = synth();
    expect(routesOf(json, 'public').flat()).toEqual([
      expect.objectContaining({ destination_cidr_block: '0.0.0.0/0', gateway_id: expect.stringContaining('aws_internet_gateway.') }),
    ]);
    expect(routesOf(json, 'database').flat()).toEqual([]);
    expect(resources(json, 'aws_subnet').every((s) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  it('GIVEN the VPC WHEN synthesized THEN the default security group has no rules and flow logs are kept for the configured days', () => {
    const json = synth({ flowLogRetentionDays: 30 });
    expect(resources(json, 'aws_default_security_group')).toEqual([expect.objectContaining({ ingress: [], egress: [] })]);
    expect(resources(json, 'aws_flow_log')).toEqual([
      expect.objectContaining({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' }),
    ]);
    expect(resources(json, 'aws_cloudwatch_log_group')).toEqual([
      expect.objectContaining({ name: '/vpc/saas-prod/flow-logs', retention_in_days: 30 }),
    ]);
  });

  it('GIVEN the VPC WHEN synthesized THEN S3 is a gateway endpoint and ECR, logs and secrets are private interface endpoints', () => {
    const endpoints = resources(synth(), 'aws_vpc_endpoint');
    expect(endpoints.find((e) => e.vpc_endpoint_type === 'Gateway')).toMatchObject({ service_name: 'com.amazonaws.eu-west-1.s3' });
    const interfaces = endpoints.filter((e) => e.vpc_endpoint_type === 'Interface');
    expect(interfaces.map((e) => e.service_name).sort()).toEqual(
      INTERFACE_ENDPOINT_SERVICES.map((s) => `com.amazonaws.eu-west-1.${s}`).sort(),
    );
    for (const e of interfaces)
      expect(e).toMatchObject({ private_dns_enabled: true, security_group_ids: [expect.stringContaining('aws_security_group.')] });
  });
});

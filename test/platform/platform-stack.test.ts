import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_OUTPUTS } from '../../modules/platform/output-contract';
import { TempRepo } from '../helpers/repo';
import { policyStatements, resources } from './synth-json';

const PLATFORM = 'customers/_platform.json';
const CERTIFICATE = 'arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.dispose()));

/** GIVEN a temp repo prepared by `setup` WHEN synthesized THEN returns the platform workspace JSON. */
function platformOf(setup: (repo: TempRepo) => void = () => undefined, opts: { withExamples?: boolean } = { withExamples: false }): any {
  const repo = new TempRepo(opts);
  repos.push(repo);
  setup(repo);
  repo.synth();
  return repo.stack('platform');
}

function addPooled(repo: TempRepo, count: number): void {
  for (let i = 1; i <= count; i++) repo.addCustomer(`shop${i}`, { tier: 'small', domain: `shop${i}.example.com` });
}

describe('PlatformStack with the example customers', () => {
  let json: any;
  beforeAll(() => {
    json = platformOf(() => undefined, { withExamples: true });
  });

  it('GIVEN the outputs contract WHEN synthesized THEN every entry is an output with its exact name and description', () => {
    for (const { name, description } of Object.values(PLATFORM_OUTPUTS))
      expect(json.output[name], name).toMatchObject({ description, value: expect.anything() });
    expect(Object.keys(json.output).sort()).toEqual(
      Object.values(PLATFORM_OUTPUTS)
        .map((o) => o.name)
        .sort(),
    );
  });

  it('GIVEN routed services on ports 3000 and 3001 WHEN synthesized THEN the ALB group takes 443 and 80 from anywhere and reaches only those ports in the VPC', () => {
    const ingress = resources(json, 'aws_vpc_security_group_ingress_rule').filter((r) =>
      r.security_group_id.includes('alb-security-group'),
    );
    expect(ingress.map((r) => [r.from_port, r.to_port, r.cidr_ipv4]).sort()).toEqual([
      [443, 443, '0.0.0.0/0'],
      [80, 80, '0.0.0.0/0'],
    ]);
    const egress = resources(json, 'aws_vpc_security_group_egress_rule');
    expect(egress.map((r) => [r.ip_protocol, r.from_port, r.to_port, r.cidr_ipv4])).toEqual([
      ['tcp', 3000, 3000, '10.20.0.0/16'],
      ['tcp', 3001, 3001, '10.20.0.0/16'],
    ]);
  });

  it('GIVEN customers each with their own execution role WHEN the platform is synthesized THEN no platform role can read secrets, parameters or keys, and no execution role is exported', () => {
    // Identity policies (roles) have no principals; key and bucket policies (the exec-session key's) do.
    const actions = policyStatements(json)
      .filter((s) => !s.principals)
      .flatMap((s) => s.actions ?? []);
    expect(actions.filter((a: string) => /^(secretsmanager|ssm|kms):/.test(a))).toEqual([]);
    const trusted = policyStatements(json).flatMap((s) => (s.principals ?? []).flatMap((p: any) => p.identifiers));
    expect(trusted).not.toContain('ecs-tasks.amazonaws.com');
    expect(Object.keys(json.output)).not.toContain('task_execution_role_arn');
  });

  it('GIVEN the ALB access logs WHEN synthesized THEN the bucket is SSE-S3, expires logs after the configured days and admits ELB delivery before any ALB exists', () => {
    const [bucket] = resources(json, 'aws_s3_bucket');
    expect(bucket.bucket).toMatch(/^saas-prod-alb-logs-\$\{data\.aws_caller_identity\./);
    expect(resources(json, 'aws_s3_bucket_server_side_encryption_configuration')[0].rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
    expect(resources(json, 'aws_s3_bucket_lifecycle_configuration')[0].rule[0].expiration).toEqual([{ days: 90 }]);
    const delivery = policyStatements(json).filter((s) => s.sid?.startsWith('Elb'));
    expect(delivery.map((s) => s.principals[0].identifiers[0])).toEqual([
      expect.stringMatching(/^\$\{data\.aws_elb_service_account\./),
      'logdelivery.elasticloadbalancing.amazonaws.com',
    ]);
    for (const alb of resources(json, 'aws_lb')) expect(alb.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\./)]);
  });

  it('GIVEN platform tags WHEN synthesized THEN the providers carry ManagedBy, App, Environment, Tier and those tags', () => {
    for (const provider of json.provider.aws)
      expect(provider.default_tags[0].tags).toEqual({
        Owner: 'platform-team',
        Tier: 'platform',
        ManagedBy: 'tenant-workspaces',
        App: 'saas',
        Environment: 'prod',
      });
  });
});

describe('PlatformStack load balancer shards', () => {
  it('GIVEN no customers WHEN synthesized THEN one shard still exists', () => {
    const json = platformOf();
    expect(resources(json, 'aws_lb').map((a) => a.name)).toEqual(['saas-prod-alb-0']);
    expect(resources(json, 'aws_vpc_security_group_egress_rule')).toEqual([]);
  });

  it('GIVEN five pooled customers and customersPerAlb 2 WHEN synthesized THEN three shards appear in every shard output', () => {
    const json = platformOf((repo) => {
      repo.edit(PLATFORM, (p) => (p.loadBalancer.customersPerAlb = 2));
      addPooled(repo, 5);
    });
    expect(
      resources(json, 'aws_lb')
        .map((a) => a.name)
        .sort(),
    ).toEqual(['saas-prod-alb-0', 'saas-prod-alb-1', 'saas-prod-alb-2']);
    for (const name of ['alb_https_listener_arns', 'alb_dns_names', 'alb_zone_ids', 'alb_arn_suffixes'])
      expect(json.output[name].value, name).toHaveLength(3);
    expect(
      resources(json, 'aws_lb')
        .map((a) => a.access_logs.prefix)
        .sort(),
    ).toEqual(['saas-prod-alb-0', 'saas-prod-alb-1', 'saas-prod-alb-2']);
  });
});

describe('PlatformStack certificates', () => {
  it('GIVEN no certificateArn in eu-west-1 WHEN synthesized THEN a wildcard + apex certificate is DNS-validated here and in us-east-1 through one record', () => {
    const json = platformOf();
    const certificates = resources(json, 'aws_acm_certificate');
    expect(certificates).toHaveLength(2);
    for (const c of certificates)
      expect(c).toMatchObject({ domain_name: '*.example.com', subject_alternative_names: ['example.com'], validation_method: 'DNS' });
    expect(certificates.map((c) => c.provider ?? 'default').sort()).toEqual(['aws.us_east_1', 'default']);
    expect(json.provider.aws.find((p: any) => p.alias === 'us_east_1')).toMatchObject({ region: 'us-east-1' });
    const records = Object.keys(json.resource.aws_route53_record);
    expect(records).toHaveLength(1);
    expect(json.resource.aws_route53_record[records[0]]).toMatchObject({
      allow_overwrite: true,
      zone_id: expect.stringContaining('data.aws_route53_zone.'),
      name: expect.stringMatching(/^\$\{tolist\(aws_acm_certificate\.[^.]+\.domain_validation_options\)\.0\.resource_record_name\}$/),
      type: expect.stringContaining('.resource_record_type}'),
      records: [expect.stringContaining('.resource_record_value}')],
    });
    const validations = resources(json, 'aws_acm_certificate_validation');
    expect(validations.map((v) => v.validation_record_fqdns)).toEqual(Array(2).fill([`\${aws_route53_record.${records[0]}.fqdn}`]));
    const listener = resources(json, 'aws_lb_listener').find((l) => l.protocol === 'HTTPS');
    expect(listener.certificate_arn).toMatch(/^\$\{aws_acm_certificate_validation\.[^.]+\.certificate_arn\}$/);
    expect(json.output.certificate_arn.value).toBe(listener.certificate_arn);
    expect(json.output.cloudfront_certificate_arn.value).not.toBe(listener.certificate_arn);
  });

  it('GIVEN domain.certificateArn WHEN synthesized THEN the listeners use it and only the CloudFront certificate is created', () => {
    const json = platformOf((repo) => repo.edit(PLATFORM, (p) => (p.domain.certificateArn = CERTIFICATE)));
    expect(resources(json, 'aws_lb_listener').find((l) => l.protocol === 'HTTPS').certificate_arn).toBe(CERTIFICATE);
    expect(json.output.certificate_arn.value).toBe(CERTIFICATE);
    expect(resources(json, 'aws_acm_certificate').map((c) => c.provider)).toEqual(['aws.us_east_1']);
    expect(resources(json, 'aws_route53_record')[0].name).toContain('aws_acm_certificate.certificates_cloudfront');
  });

  it('GIVEN the platform in us-east-1 WHEN synthesized THEN CloudFront reuses the regional certificate and no provider alias exists', () => {
    const json = platformOf((repo) => repo.edit(PLATFORM, (p) => (p.region = 'us-east-1')));
    expect(json.provider.aws).toHaveLength(1);
    expect(resources(json, 'aws_acm_certificate')).toHaveLength(1);
    expect(json.output.cloudfront_certificate_arn.value).toBe(json.output.certificate_arn.value);
  });
});

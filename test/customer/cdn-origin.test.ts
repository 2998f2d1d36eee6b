import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempRepo } from '../helpers/repo';
import { dataSources, resources } from '../platform/synth-json';
import { addressOf, customerStack, synthesized } from './examples';

let repo: TempRepo;
let acme: any;
let customer1: any;
let edge: any;
let globex: any;
beforeAll(() => {
  repo = synthesized((r) =>
    r.addCustomer('edge', {
      tier: 'large',
      domain: 'edge.example.com',
      database: { enabled: false },
      cdn: { enabled: true },
      waivers: [
        {
          rule: 'TW-CDN-005',
          reason:
            'CloudFront standard logs need a bucket with ACLs enabled, which TW-S3-010 forbids; the load balancer access logs record every request that reaches the origin.',
        },
      ],
    }),
  );
  acme = customerStack(repo, 'acme');
  customer1 = customerStack(repo, 'customer1');
  edge = customerStack(repo, 'edge');
  globex = customerStack(repo, 'globex');
});
afterAll(() => repo?.dispose());

/** `${<address>.secret_string}` of the workspace's one origin-verify secret version. */
const secretValue = (json: any): string => `\${${addressOf(json, 'aws_secretsmanager_secret_version', () => true)}.secret_string}`;

describe('CloudFront cannot be bypassed', () => {
  it('GIVEN a pooled customer behind the CDN WHEN synthesized THEN every listener rule also requires the origin-verify header CloudFront sends', () => {
    const [origin] = resources(acme, 'aws_cloudfront_distribution')[0].origin.filter((o: any) => o.origin_id === 'alb');
    expect(origin.custom_header).toEqual([{ name: 'X-Origin-Verify', value: secretValue(acme) }]);
    const rules = resources(acme, 'aws_lb_listener_rule');
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules)
      expect(rule.condition).toContainEqual({ http_header: { http_header_name: 'X-Origin-Verify', values: [secretValue(acme)] } });
  });

  it("GIVEN the origin-verify value WHEN synthesized THEN it is generated into a secret under the customer's own prefix, kept once generated, and its value is in no file", () => {
    expect(resources(acme, 'aws_secretsmanager_secret')).toEqual([
      expect.objectContaining({ name: 'saas/prod/acme/cdn-origin-verify', recovery_window_in_days: 0 }),
    ]);
    const [version] = resources(acme, 'aws_secretsmanager_secret_version');
    expect(version.lifecycle).toEqual({ ignore_changes: ['secret_string'] });
    const [generated] = dataSources(acme, 'aws_secretsmanager_random_password');
    expect(version.secret_string).toBe(
      `\${data.aws_secretsmanager_random_password.${Object.keys(acme.data.aws_secretsmanager_random_password)[0]}.random_password}`,
    );
    expect(generated).toMatchObject({
      password_length: 64,
      exclude_punctuation: true,
      depends_on: [expect.stringMatching(/^aws_secretsmanager_secret\./)],
    });
  });

  it('GIVEN a customer without the CDN WHEN synthesized THEN its rules match host and path only, and no secret exists', () => {
    for (const rule of resources(customer1, 'aws_lb_listener_rule'))
      expect(rule.condition.map((c: any) => Object.keys(c)[0])).toEqual(['host_header', 'path_pattern']);
    expect(resources(customer1, 'aws_secretsmanager_secret')).toEqual([]);
  });

  it('GIVEN a dedicated customer behind the CDN WHEN synthesized THEN its ALB admits HTTPS from CloudFront origin-facing addresses only', () => {
    const [list] = dataSources(edge, 'aws_ec2_managed_prefix_list');
    expect(list).toMatchObject({ name: 'com.amazonaws.global.cloudfront.origin-facing' });
    const albGroup = `\${${addressOf(edge, 'aws_security_group', (g) => g.name === 'saas-prod-edge-alb-sg')}.id}`;
    const ingress = resources(edge, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === albGroup);
    expect(ingress).toEqual([
      expect.objectContaining({
        prefix_list_id: `\${data.aws_ec2_managed_prefix_list.${Object.keys(edge.data.aws_ec2_managed_prefix_list)[0]}.id}`,
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
      }),
    ]);
    for (const rule of resources(edge, 'aws_lb_listener_rule'))
      expect(rule.condition.map((c: any) => Object.keys(c)[0])).toContain('http_header');
  });

  it('GIVEN a dedicated customer without the CDN WHEN synthesized THEN its ALB still takes HTTP and HTTPS from anywhere', () => {
    const albGroup = `\${${addressOf(globex, 'aws_security_group', (g) => g.name === 'saas-prod-globex-alb-sg')}.id}`;
    const ingress = resources(globex, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === albGroup);
    expect(ingress.map((r) => [r.from_port, r.cidr_ipv4 ?? r.cidr_ipv6]).sort()).toEqual([
      [443, '0.0.0.0/0'],
      [443, '::/0'],
      [80, '0.0.0.0/0'],
      [80, '::/0'],
    ]);
  });

  it('fails when a routed service behind the CDN has 4 path patterns (no room for the header condition)', () => {
    const bad = new TempRepo().addCustomer('newco', {
      tier: 'small',
      domain: 'newco.example.com',
      cdn: { enabled: true },
      services: { api: { pathPatterns: ['/api/*', '/health', '/v2/*', '/graphql'] } },
    });
    try {
      expect(bad.rejection()).toEqual([
        {
          code: 'rule.cdn-rule-conditions-fit',
          file: 'customers/newco/config.json',
          path: 'services.api.pathPatterns',
          value: ['/api/*', '/health', '/v2/*', '/graphql'],
          message: "4 path patterns, the host and CloudFront's origin-verify header exceed the 5 condition values of an ALB listener rule",
          allowed: 'at most 3 path patterns while cdn.enabled is true',
        },
      ]);
    } finally {
      bad.dispose();
    }
  });
});

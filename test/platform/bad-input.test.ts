import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigIssue } from '../../generator/errors';
import { cli, STACK_TRACE, treeDigest } from '../helpers/cli';
import { TempRepo } from '../helpers/repo';

const PLATFORM = 'customers/_platform.json';
const OTHER_REGION_CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

let repo: TempRepo;
afterEach(() => repo?.dispose());

/** WHEN the repository is loaded THEN it fails with exactly one issue, returned. */
function onlyIssue(r: TempRepo): ConfigIssue {
  const issues = r.rejection();
  expect(issues.map((i) => `${i.code} ${i.path}`)).toHaveLength(1);
  return issues[0];
}

function platformWith(edit: (platform: any) => void, opts: { withExamples?: boolean } = { withExamples: false }): TempRepo {
  return new TempRepo(opts).edit(PLATFORM, edit);
}

describe('bad platform input', () => {
  it.each([
    ['an octet above 255', '10.300.0.0/16'],
    ['no prefix length', '10.20.0.0'],
    ['a hostname', 'vpc.example.com/16'],
  ])('fails when network.cidr is not an IPv4 CIDR (%s)', (_, cidr) => {
    repo = platformWith((p) => (p.network.cidr = cidr));
    expect(onlyIssue(repo)).toEqual({
      code: 'schema.pattern',
      file: PLATFORM,
      path: 'network.cidr',
      value: cidr,
      message: 'value has the wrong format',
      allowed: 'an IPv4 CIDR such as 10.20.0.0/16',
    });
  });

  it('fails when network.cidr has host bits set', () => {
    repo = platformWith((p) => (p.network.cidr = '10.20.1.0/16'));
    expect(onlyIssue(repo)).toMatchObject({
      code: 'rule.vpc-cidr-aligned',
      file: PLATFORM,
      path: 'network.cidr',
      value: '10.20.1.0/16',
      allowed: 'a network address such as 10.20.0.0/16',
    });
  });

  it('fails when the network.cidr prefix is too small to hold the subnets', () => {
    repo = platformWith((p) => {
      p.network.cidr = '10.20.0.0/24';
      p.network.azCount = 3;
    });
    expect(onlyIssue(repo)).toEqual({
      code: 'rule.vpc-cidr-size',
      file: PLATFORM,
      path: 'network.cidr',
      value: '10.20.0.0/24',
      message: 'prefix /24 is too small to hold 9 subnets of at least /26',
      allowed: 'a prefix from /16 to /22',
    });
  });

  it('fails when the network.cidr prefix is larger than a VPC may be', () => {
    repo = platformWith((p) => (p.network.cidr = '10.0.0.0/8'));
    expect(onlyIssue(repo)).toMatchObject({
      code: 'rule.vpc-cidr-size',
      path: 'network.cidr',
      value: '10.0.0.0/8',
      message: 'prefix /8 is larger than AWS allows for a VPC',
    });
  });

  it.each([
    [1, 'schema.minimum', 'a number >= 2'],
    [4, 'schema.maximum', 'a number <= 3'],
  ])('fails when azCount is %i', (azCount, code, allowed) => {
    repo = platformWith((p) => (p.network.azCount = azCount));
    expect(onlyIssue(repo)).toEqual({
      code,
      file: PLATFORM,
      path: 'network.azCount',
      value: azCount,
      message: 'number out of range',
      allowed,
    });
  });

  it('fails when the certificate ARN is not an ACM ARN', () => {
    const arn = 'arn:aws:iam::123456789012:server-certificate/wildcard';
    repo = platformWith((p) => (p.domain.certificateArn = arn));
    expect(onlyIssue(repo)).toEqual({
      code: 'schema.pattern',
      file: PLATFORM,
      path: 'domain.certificateArn',
      value: arn,
      message: 'value has the wrong format',
      allowed: 'an ACM certificate ARN: arn:aws:acm:<region>:<account id>:certificate/<uuid>',
    });
  });

  it('fails when the certificate is in another region than the load balancers', () => {
    repo = platformWith((p) => (p.domain.certificateArn = OTHER_REGION_CERTIFICATE));
    expect(onlyIssue(repo)).toEqual({
      code: 'rule.certificate-in-region',
      file: PLATFORM,
      path: 'domain.certificateArn',
      value: OTHER_REGION_CERTIFICATE,
      message: 'certificate is in us-east-1, the load balancers are in eu-west-1',
      allowed: 'an ACM certificate ARN in eu-west-1',
    });
  });

  it('fails when customersPerAlb is above 100 whatever the customers', () => {
    repo = platformWith((p) => (p.loadBalancer.customersPerAlb = 101));
    expect(onlyIssue(repo)).toMatchObject({
      code: 'schema.maximum',
      path: 'loadBalancer.customersPerAlb',
      value: 101,
      allowed: 'a number <= 100',
    });
  });

  it('fails when the ECR repository list is empty', () => {
    repo = platformWith((p) => (p.ecr.repositories = []));
    expect(onlyIssue(repo)).toEqual({
      code: 'schema.minItems',
      file: PLATFORM,
      path: 'ecr.repositories',
      value: [],
      message: 'at least 1 items required',
      allowed: 'at least 1 items',
    });
  });

  it('fails when synthesizing bad platform input through the CLI, with exit 1, no stack trace and generated/ untouched', async () => {
    repo = new TempRepo({ withExamples: false });
    repo.synth();
    const before = treeDigest(repo.path('generated'));
    repo.edit(PLATFORM, (p) => (p.network.azCount = 4));
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('customers/_platform.json: network.azCount: number out of range');
    expect(r.stderr).toContain('received: 4');
    expect(r.stderr).toContain('allowed:  a number <= 3');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(treeDigest(repo.path('generated'))).toEqual(before);
    expect(readdirSync(repo.root).filter((name) => name.includes('.synth-') && name !== '.synth-cache')).toEqual([]);
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TempRepo } from '../helpers/repo';
import { customerStack, synthesized } from '../customer/examples';
import { resources } from './synth-json';

const PLATFORM = 'customers/_platform.json';
const remoteOutput = (json: any, name: string): string =>
  `\${data.terraform_remote_state.${Object.keys(json.data.terraform_remote_state)[0]}.outputs.${name}}`;
const address = (json: any, type: string, predicate: (r: any) => boolean): string =>
  `${type}.${Object.entries<any>(json.resource[type]).find(([, r]) => predicate(r))![0]}`;

describe('GIVEN the example platform (WAF on by default)', () => {
  let repo: TempRepo;
  let platform: any;
  beforeAll(() => {
    repo = synthesized();
    platform = repo.stack('platform');
  });
  afterAll(() => repo?.dispose());

  it('WHEN synthesized THEN a regional and a CloudFront web ACL block a per-IP rate and what four AWS managed rule groups catch', () => {
    const acls = resources(platform, 'aws_wafv2_web_acl');
    expect(acls.map((a) => [a.name, a.scope, a.provider]).sort()).toEqual([
      ['saas-prod', 'REGIONAL', undefined],
      ['saas-prod-cloudfront', 'CLOUDFRONT', 'aws.us_east_1'],
    ]);
    for (const acl of acls) {
      expect(acl.default_action).toEqual({ allow: {} });
      expect(acl.rule.map((r: any) => [r.priority, r.name])).toEqual([
        [0, 'RateLimitPerIp'],
        [1, 'AWSManagedRulesCommonRuleSet'],
        [2, 'AWSManagedRulesKnownBadInputsRuleSet'],
        [3, 'AWSManagedRulesSQLiRuleSet'],
        [4, 'AWSManagedRulesAmazonIpReputationList'],
      ]);
      expect(acl.rule[0]).toMatchObject({
        action: { block: {} },
        statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP' } },
      });
      expect(acl.rule[1]).toMatchObject({
        override_action: { none: {} },
        statement: { managed_rule_group_statement: { name: 'AWSManagedRulesCommonRuleSet', vendor_name: 'AWS' } },
      });
    }
    expect(resources(platform, 'aws_wafv2_web_acl_logging_configuration')).toHaveLength(2);
    expect(resources(platform, 'aws_cloudwatch_log_group').map((g) => g.name)).toEqual(
      expect.arrayContaining(['aws-waf-logs-saas-prod', 'aws-waf-logs-saas-prod-cloudfront']),
    );
  });

  it('WHEN synthesized THEN every ALB shard is associated with the regional ACL, and both ACLs are platform outputs', () => {
    const regional = `\${${address(platform, 'aws_wafv2_web_acl', (a) => a.scope === 'REGIONAL')}.arn}`;
    const albs = resources(platform, 'aws_lb').map((lb) => `\${${address(platform, 'aws_lb', (x) => x === lb)}.arn}`);
    expect(resources(platform, 'aws_wafv2_web_acl_association').map((a) => [a.resource_arn, a.web_acl_arn])).toEqual(
      albs.map((alb) => [alb, regional]),
    );
    expect(platform.output.waf_regional_acl_arn.value).toBe(regional);
    expect(platform.output.waf_cloudfront_acl_arn.value).toBe(
      `\${${address(platform, 'aws_wafv2_web_acl', (a) => a.scope === 'CLOUDFRONT')}.arn}`,
    );
  });

  it('WHEN customers are synthesized THEN a dedicated ALB is associated with the regional ACL and a distribution uses the CloudFront one', () => {
    const globex = customerStack(repo, 'globex');
    expect(resources(globex, 'aws_wafv2_web_acl_association')).toEqual([
      expect.objectContaining({ web_acl_arn: remoteOutput(globex, 'waf_regional_acl_arn') }),
    ]);
    const acme = customerStack(repo, 'acme');
    expect(resources(acme, 'aws_cloudfront_distribution')[0].web_acl_id).toBe(remoteOutput(acme, 'waf_cloudfront_acl_arn'));
  });
});

describe('switching the WAF off', () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.dispose());

  it('fails when waf.enabled is false without a reason', () => {
    repo = new TempRepo().edit(PLATFORM, (p) => (p.waf = { enabled: false }));
    expect(repo.rejection()).toEqual([
      {
        code: 'rule.waf-disabled-needs-reason',
        file: PLATFORM,
        path: 'waf.enabled',
        value: false,
        message: 'the WAF is switched off without a reason',
        allowed:
          'true, or a waf.disabledReason of at least 20 characters saying why (e.g. "a WAF in front of the platform already filters this traffic")',
      },
    ]);
  });

  it('GIVEN waf.enabled false with a reason WHEN synthesized THEN no workspace has a web ACL or an association', () => {
    repo = synthesized((r) =>
      r.edit(PLATFORM, (p) => {
        p.waf = { enabled: false, disabledReason: 'An upstream WAF appliance filters all traffic first.' };
        // With no web ACL, the waiver for their log groups would match nothing.
        p.waivers = p.waivers.filter((w: any) => w.resource !== 'platform/*web-acl/**');
      }),
    );
    for (const workspace of ['platform', 'customer-acme', 'customer-globex']) {
      const json = repo.stack(workspace);
      expect(resources(json, 'aws_wafv2_web_acl'), workspace).toEqual([]);
      expect(resources(json, 'aws_wafv2_web_acl_association'), workspace).toEqual([]);
    }
    expect(resources(customerStack(repo, 'acme'), 'aws_cloudfront_distribution')[0].web_acl_id).toBeUndefined();
  });
});

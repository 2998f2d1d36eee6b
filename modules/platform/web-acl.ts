import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { type Wafv2WebAclRule, Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { Construct } from 'constructs';

/**
 * AWS managed rule groups every request passes, in evaluation order (after the rate
 * limit): OWASP-style common exploits, known-bad inputs (Log4Shell and the like), SQL
 * injection, and addresses Amazon threat intelligence flags.
 */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
] as const;

/** Days the WAF's logs (blocked and counted requests) are kept. */
export const WAF_LOG_RETENTION_DAYS = 90;

export interface WebAclProps {
  /** Web ACL name; also the metric and log group suffix. */
  readonly name: string;
  /** `REGIONAL` (load balancers) or `CLOUDFRONT` (distributions; the provider must be in us-east-1). */
  readonly scope: 'REGIONAL' | 'CLOUDFRONT';
  /** Requests one client IP may send in any 5 minutes before it is blocked. */
  readonly rateLimitPer5Minutes: number;
  /** Days the WAF's logs (blocked and counted requests) are kept. */
  readonly logRetentionDays: number;
  /**
   * Provider of the ACL's region (us-east-1 for CLOUDFRONT).
   *
   * @default - the stack's default provider
   */
  readonly provider?: AwsProvider;
}

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, metricName, sampledRequestsEnabled: true });

/**
 * A WAFv2 web ACL that allows by default and blocks what the AWS managed rule groups
 * and a per-IP rate limit catch, with its logs in CloudWatch.
 */
export class WebAcl extends Construct {
  readonly acl: Wafv2WebAcl;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const rules: Wafv2WebAclRule[] = [
      {
        name: 'RateLimitPerIp',
        priority: 0,
        action: { block: {} },
        // The statement is untyped in the provider bindings: Terraform's own (snake_case) shape.
        statement: { rate_based_statement: { limit: props.rateLimitPer5Minutes, aggregate_key_type: 'IP' } },
        visibilityConfig: visibility(`${props.name}-rate-limit`),
      },
      ...MANAGED_RULE_GROUPS.map((group, i) => ({
        name: group,
        priority: i + 1,
        overrideAction: { none: {} },
        statement: { managed_rule_group_statement: { name: group, vendor_name: 'AWS' } },
        visibilityConfig: visibility(`${props.name}-${group}`),
      })),
    ];
    this.acl = new Wafv2WebAcl(this, 'acl', {
      provider: props.provider,
      name: props.name,
      description: `Managed rule groups and a per-IP rate limit (${props.scope.toLowerCase()})`,
      scope: props.scope,
      defaultAction: { allow: {} },
      rule: rules,
      visibilityConfig: visibility(props.name),
    });
    // WAF logs only to log groups whose name starts with aws-waf-logs-.
    const logs = new CloudwatchLogGroup(this, 'logs', {
      provider: props.provider,
      name: `aws-waf-logs-${props.name}`,
      retentionInDays: props.logRetentionDays,
    });
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      provider: props.provider,
      resourceArn: this.acl.arn,
      logDestinationConfigs: [logs.arn],
    });
  }
}

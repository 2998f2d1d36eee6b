import { stateAccessLogBucket } from '../../../modules/naming';
import { isNetworkAligned, parseIpv4Cidr, VPC_PREFIX_RANGE } from '../../../modules/platform/subnet-plan';
import type { ConfigIssue } from '../../errors';
import type { PlatformConfig } from '../../../contract/config';
import type { PlatformRule } from './types';

export const PLATFORM_RULES: readonly PlatformRule[] = [
  {
    id: 'vpc-cidr-aligned',
    description: 'network.cidr is a network address (no host bits set)',
    check: (p) =>
      parseIpv4Cidr(p.network.cidr) && !isNetworkAligned(p.network.cidr)
        ? [
            {
              path: 'network.cidr',
              value: p.network.cidr,
              message: 'host bits are set in the network address',
              allowed: 'a network address such as 10.20.0.0/16',
            },
          ]
        : [],
  },
  {
    id: 'vpc-cidr-size',
    description: `network.cidr prefix is /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}, room for public, private and database subnets per AZ`,
    check: (p) => {
      const parsed = parseIpv4Cidr(p.network.cidr);
      if (!parsed || (parsed.prefix >= VPC_PREFIX_RANGE.min && parsed.prefix <= VPC_PREFIX_RANGE.max)) return [];
      const why =
        parsed.prefix > VPC_PREFIX_RANGE.max
          ? `too small to hold ${3 * p.network.azCount} subnets of at least /26`
          : 'larger than AWS allows for a VPC';
      return [
        {
          path: 'network.cidr',
          value: p.network.cidr,
          message: `prefix /${parsed.prefix} is ${why}`,
          allowed: `a prefix from /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}`,
        },
      ];
    },
  },
  {
    id: 'certificate-in-region',
    description: 'the ALB certificate lives in the platform region',
    check: (p) => {
      const arnRegion = p.domain.certificateArn?.split(':')[3];
      return arnRegion && arnRegion !== p.region
        ? [
            {
              path: 'domain.certificateArn',
              value: p.domain.certificateArn,
              message: `certificate is in ${arnRegion}, the load balancers are in ${p.region}`,
              allowed: `an ACM certificate ARN in ${p.region}`,
            },
          ]
        : [];
    },
  },
  {
    id: 'waf-disabled-needs-reason',
    description: 'the platform WAF is switched off only with a reason (waf.disabledReason)',
    check: (p) =>
      p.waf?.enabled === false && !p.waf.disabledReason
        ? [
            {
              path: 'waf.enabled',
              value: false,
              message: 'the WAF is switched off without a reason',
              allowed:
                'true, or a waf.disabledReason of at least 20 characters saying why (e.g. "a WAF in front of the platform already filters this traffic")',
            },
          ]
        : [],
  },
  {
    id: 'state-log-bucket-name',
    description: "the state bucket's access-log bucket name (state.accessLogBucket, default <bucket>-logs) is a valid S3 bucket name",
    check: (p) => {
      const name = stateAccessLogBucket(p.state.bucket, p.state.accessLogBucket);
      return name.length <= 63
        ? []
        : [
            {
              path: 'state.bucket',
              value: p.state.bucket,
              message: `the access-log bucket "${name}" derived from it is ${name.length} characters`,
              allowed: 'a state bucket of at most 58 characters, or set state.accessLogBucket (at most 63)',
            },
          ];
    },
  },
  {
    id: 'shared-secrets-outside-customers',
    description: "a shared secret prefix does not cover the customers' own prefixes (<app>/<environment>/<customer>/)",
    check: (p) => {
      const customersRoot = `${p.appName}/${p.environment}/`;
      return (p.secrets?.sharedPrefixes ?? []).flatMap((prefix, i) =>
        customersRoot.startsWith(prefix)
          ? [
              {
                path: `secrets.sharedPrefixes[${i}]`,
                value: prefix,
                message: `prefix "${prefix}" covers every customer's own secrets (${customersRoot}<customer>/)`,
                allowed: `a prefix outside ${customersRoot}<customer>/, e.g. "${customersRoot}shared/" or "${p.appName}-shared/"`,
              },
            ]
          : [],
      );
    },
  },
];

export function runPlatformRules(platform: PlatformConfig, file: string): ConfigIssue[] {
  return PLATFORM_RULES.flatMap((rule) =>
    rule
      .check(platform)
      .map((f) => ({ code: `rule.${rule.id}`, file, path: f.path, message: f.message, value: f.value, allowed: f.allowed })),
  );
}

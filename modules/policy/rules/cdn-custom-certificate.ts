import { block } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-CDN-007',
  severity: 'medium',
  checkov: 'CKV2_AWS_42',
  resourceTypes: ['aws_cloudfront_distribution'],
  description: "CloudFront serves the customer's domain with the platform's ACM certificate",
  fix: 'Set aliases to the customer domain and viewer_certificate.acm_certificate_arn to the us-east-1 certificate.',
  waivable: true,
  evaluate(distribution) {
    return outcome(
      block(distribution.body.viewer_certificate)?.acm_certificate_arn
        ? undefined
        : 'no ACM certificate: the distribution answers only on *.cloudfront.net',
    );
  },
};

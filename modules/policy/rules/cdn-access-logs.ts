import { block } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-CDN-005',
  severity: 'low',
  checkov: 'CKV_AWS_86',
  resourceTypes: ['aws_cloudfront_distribution'],
  description: 'CloudFront writes standard access logs',
  fix: 'Add logging_config { bucket = … } (standard logging needs a bucket with ACLs enabled).',
  waivable: true,
  evaluate(distribution) {
    return outcome(block(distribution.body.logging_config)?.bucket ? undefined : 'no logging_config');
  },
};

import { block, blocks } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-CDN-001',
  severity: 'high',
  checkov: 'CKV_AWS_34',
  resourceTypes: ['aws_cloudfront_distribution'],
  description: 'CloudFront serves viewers over HTTPS only (redirect-to-https or https-only on every behaviour)',
  fix: 'Set viewer_protocol_policy = "redirect-to-https" on the default and every ordered cache behaviour.',
  waivable: true,
  evaluate(distribution) {
    const behaviours = [block(distribution.body.default_cache_behavior), ...blocks(distribution.body.ordered_cache_behavior)].filter(
      Boolean,
    );
    const plain = behaviours.filter((b) => b!.viewer_protocol_policy === 'allow-all');
    return outcome(plain.length ? `${plain.map((b) => String(b!.path_pattern ?? 'default')).join(', ')} allow plain HTTP` : undefined);
  },
};

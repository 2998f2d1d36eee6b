import { block, blocks } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-CDN-003',
  severity: 'high',
  checkov: 'CKV2_AWS_72',
  resourceTypes: ['aws_cloudfront_distribution'],
  description: 'CloudFront reaches custom origins over HTTPS only, TLS 1.2',
  fix: 'Set custom_origin_config { origin_protocol_policy = "https-only", origin_ssl_protocols = ["TLSv1.2"] }.',
  waivable: true,
  evaluate(distribution) {
    const weak = blocks(distribution.body.origin)
      .filter((o) => block(o.custom_origin_config))
      .filter((o) => {
        const c = block(o.custom_origin_config)!;
        const protocols = (c.origin_ssl_protocols ?? []) as string[];
        return c.origin_protocol_policy !== 'https-only' || protocols.some((p) => p !== 'TLSv1.2');
      });
    return outcome(
      weak.length ? `origin(s) ${weak.map((o) => String(o.origin_id)).join(', ')} accept plain HTTP or TLS older than 1.2` : undefined,
    );
  },
};

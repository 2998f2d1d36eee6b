import { block } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-CDN-002',
  severity: 'high',
  checkov: 'CKV_AWS_174',
  resourceTypes: ['aws_cloudfront_distribution'],
  description: 'CloudFront viewer certificate requires TLS 1.2 or newer (SNI, own certificate)',
  fix: 'Set viewer_certificate { acm_certificate_arn = …, ssl_support_method = "sni-only", minimum_protocol_version = "TLSv1.2_2021" }.',
  waivable: true,
  evaluate(distribution) {
    const cert = block(distribution.body.viewer_certificate);
    if (!cert || cert.cloudfront_default_certificate === true || !cert.acm_certificate_arn)
      return outcome('the distribution uses the default *.cloudfront.net certificate, which allows TLS 1.0');
    const version = String(cert.minimum_protocol_version ?? 'TLSv1');
    return outcome(/^TLSv1\.2_20(19|21)$|^TLSv1\.3/.test(version) ? undefined : `minimum_protocol_version is "${version}"`);
  },
};

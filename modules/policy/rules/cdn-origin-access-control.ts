import { blocks } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-CDN-004',
  severity: 'high',
  checkov: 'CKV2_AWS_46',
  resourceTypes: ['aws_cloudfront_distribution'],
  description: 'CloudFront reads S3 origins through origin access control, so the bucket stays private',
  fix: 'Give each S3 origin an origin_access_control_id (aws_cloudfront_origin_access_control, signing "always").',
  waivable: true,
  evaluate(distribution) {
    const open = blocks(distribution.body.origin).filter(
      (o) => !o.custom_origin_config && !o.origin_access_control_id && !(o.s3_origin_config as unknown[] | undefined)?.length,
    );
    return outcome(
      open.length ? `S3 origin(s) ${open.map((o) => String(o.origin_id)).join(', ')} have no origin access control` : undefined,
    );
  },
};

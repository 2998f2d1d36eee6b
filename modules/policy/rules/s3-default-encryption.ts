import { block, blocks } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-S3-002',
  severity: 'high',
  checkov: 'CKV_AWS_19',
  resourceTypes: ['aws_s3_bucket'],
  description: 'S3 bucket has default server-side encryption',
  fix: 'Attach an aws_s3_bucket_server_side_encryption_configuration with apply_server_side_encryption_by_default (aws:kms with the customer key, or AES256).',
  waivable: true,
  evaluate(bucket, context) {
    const config = context.attached(bucket, 'aws_s3_bucket_server_side_encryption_configuration')[0];
    const algorithm = config && blocks(config.body.rule).map((r) => block(r.apply_server_side_encryption_by_default)?.sse_algorithm)[0];
    return outcome(algorithm ? undefined : 'no default server-side encryption configuration for this bucket');
  },
};

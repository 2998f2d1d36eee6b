import { isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

const SETTINGS = ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets'] as const;

export const rule: PolicyRule = {
  id: 'TW-S3-001',
  severity: 'critical',
  checkov: 'CKV2_AWS_6',
  resourceTypes: ['aws_s3_bucket'],
  description: 'S3 bucket has a public access block with all four settings on',
  fix: 'Attach an aws_s3_bucket_public_access_block with block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets all true (modules/platform/private-bucket.ts does).',
  waivable: true,
  evaluate(bucket, context) {
    const block = context.attached(bucket, 'aws_s3_bucket_public_access_block')[0];
    if (!block) return outcome('no aws_s3_bucket_public_access_block for this bucket');
    const off = SETTINGS.filter((s) => !isTrue(block.body[s]));
    return outcome(off.length ? `public access block leaves ${off.join(', ')} off` : undefined);
  },
};

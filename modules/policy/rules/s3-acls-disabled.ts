import { block } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-S3-010',
  severity: 'medium',
  checkov: 'CKV2_AWS_65',
  resourceTypes: ['aws_s3_bucket'],
  description: 'S3 bucket has ACLs disabled (object ownership BucketOwnerEnforced)',
  fix: 'Attach an aws_s3_bucket_ownership_controls with rule.object_ownership = "BucketOwnerEnforced".',
  waivable: true,
  evaluate(bucket, context) {
    const controls = context.attached(bucket, 'aws_s3_bucket_ownership_controls')[0];
    const ownership = controls && block(controls.body.rule)?.object_ownership;
    return outcome(
      ownership === 'BucketOwnerEnforced'
        ? undefined
        : `object ownership is ${ownership ? `"${String(ownership)}"` : 'not set'}, so ACLs still grant access`,
    );
  },
};

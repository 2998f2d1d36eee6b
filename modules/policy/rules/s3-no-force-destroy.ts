import { isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-S3-012',
  severity: 'high',
  resourceTypes: ['aws_s3_bucket'],
  description: 'S3 bucket cannot be destroyed while it holds objects (force_destroy off)',
  fix: 'Leave force_destroy unset or false; empty a bucket deliberately when a customer is decommissioned.',
  waivable: true,
  evaluate(bucket) {
    return outcome(isTrue(bucket.body.force_destroy) ? 'force_destroy = true deletes every object with the bucket' : undefined);
  },
};

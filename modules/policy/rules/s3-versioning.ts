import { block } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-S3-004',
  severity: 'medium',
  checkov: 'CKV_AWS_21',
  resourceTypes: ['aws_s3_bucket'],
  description: 'S3 bucket keeps object versions',
  fix: 'Attach an aws_s3_bucket_versioning with versioning_configuration.status = "Enabled" (and a lifecycle rule expiring non-current versions).',
  waivable: true,
  evaluate(bucket, context) {
    const versioning = context.attached(bucket, 'aws_s3_bucket_versioning')[0];
    const status = versioning && block(versioning.body.versioning_configuration)?.status;
    return outcome(status === 'Enabled' ? undefined : `versioning is ${status ? `"${String(status)}"` : 'not configured'}`);
  },
};

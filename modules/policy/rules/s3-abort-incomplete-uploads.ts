import { blocks } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-S3-008',
  severity: 'low',
  checkov: 'CKV_AWS_300',
  resourceTypes: ['aws_s3_bucket_lifecycle_configuration'],
  description: 'S3 lifecycle configuration aborts incomplete multipart uploads',
  fix: 'Add abort_incomplete_multipart_upload { days_after_initiation = 7 } to an enabled rule of the lifecycle configuration.',
  waivable: true,
  evaluate(lifecycle) {
    const ok = blocks(lifecycle.body.rule).some((r) => r.status === 'Enabled' && blocks(r.abort_incomplete_multipart_upload).length > 0);
    return outcome(ok ? undefined : 'no enabled lifecycle rule aborts incomplete multipart uploads');
  },
};

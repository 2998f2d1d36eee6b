import { outcome, type PolicyRule, type Statement } from '../types';

const deniesPlainHttp = (s: Statement): boolean =>
  s.effect === 'Deny' &&
  s.actions.some((a) => a === 's3:*' || a === '*') &&
  s.principals.some((p) => p.identifiers.includes('*')) &&
  s.conditions.some((c) => c.test === 'Bool' && c.variable === 'aws:SecureTransport' && c.values.includes('false'));

export const rule: PolicyRule = {
  id: 'TW-S3-005',
  severity: 'high',
  resourceTypes: ['aws_s3_bucket'],
  description: 'S3 bucket policy denies every request not made over TLS',
  fix: 'Attach a bucket policy with a Deny of s3:* for principal * when aws:SecureTransport is false, on the bucket and its objects.',
  waivable: true,
  evaluate(bucket, context) {
    const policy = context.attached(bucket, 'aws_s3_bucket_policy')[0];
    if (!policy) return outcome('no bucket policy, so plain-HTTP requests are not denied');
    const statements = context.statements(policy.body.policy);
    if (!statements) return outcome(`bucket policy ${policy.address} could not be read`);
    return outcome(statements.some(deniesPlainHttp) ? undefined : 'bucket policy has no Deny for aws:SecureTransport = false');
  },
};

import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-S3-011',
  severity: 'critical',
  checkov: 'CKV_AWS_70',
  resourceTypes: ['aws_s3_bucket_policy'],
  description: 'S3 bucket policy allows nothing to the anonymous principal *',
  fix: 'Grant access to named principals (a role, cloudfront.amazonaws.com with an AWS:SourceArn condition), never to "*".',
  waivable: true,
  evaluate(policy, context) {
    const statements = context.statements(policy.body.policy);
    if (!statements) return outcome('the policy document could not be read');
    const open = statements.filter((s) => s.effect === 'Allow' && s.principals.some((p) => p.identifiers.includes('*')));
    return outcome(open.length ? `statement ${open.map((s) => s.sid ?? '(no sid)').join(', ')} allows principal "*"` : undefined);
  },
};

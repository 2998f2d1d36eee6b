import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-KMS-002',
  severity: 'critical',
  checkov: 'CKV_AWS_33',
  resourceTypes: ['aws_kms_key'],
  description: 'KMS keys have an explicit key policy that grants nothing to the principal "*"',
  fix: 'Set policy to a document granting the account root (for IAM) and named services with source conditions.',
  waivable: true,
  evaluate(key, context) {
    if (key.body.policy === undefined) return outcome('no key policy: the AWS default grants the whole account');
    const statements = context.statements(key.body.policy);
    if (!statements) return outcome('the key policy could not be read');
    const open = statements.filter(
      (s) => s.effect === 'Allow' && s.principals.some((p) => p.identifiers.includes('*')) && s.conditions.length === 0,
    );
    return outcome(
      open.length ? `statement(s) ${open.map((s) => s.sid ?? '(no sid)').join(', ')} allow "*" without a condition` : undefined,
    );
  },
};

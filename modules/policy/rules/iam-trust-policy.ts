import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-IAM-004',
  severity: 'critical',
  checkov: 'CKV_AWS_60',
  resourceTypes: ['aws_iam_role'],
  description: 'Roles trust named principals only, and AWS services only on behalf of this account (aws:SourceAccount)',
  fix: 'Trust a service principal with condition aws:SourceAccount = the account id, or a named role ARN; never "*".',
  waivable: true,
  evaluate(role, context) {
    const statements = context.statements(role.body.assume_role_policy);
    if (!statements) return outcome('the trust policy could not be read');
    const problems = statements
      .filter((s) => s.effect === 'Allow')
      .flatMap((s) => {
        const out: string[] = [];
        if (s.principals.some((p) => p.identifiers.includes('*'))) out.push('trusts principal "*"');
        const service = s.principals.some((p) => p.type === 'Service');
        const scoped = s.conditions.some((c) => /^aws:Source(Account|Arn)$/.test(c.variable));
        if (service && !scoped && s.actions.includes('sts:AssumeRole'))
          out.push('trusts a service without an aws:SourceAccount condition (confused deputy)');
        return out;
      });
    return outcome(problems.length ? [...new Set(problems)].join('; ') : undefined);
  },
};

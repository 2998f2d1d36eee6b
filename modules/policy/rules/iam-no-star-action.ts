import { identityStatements } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-IAM-001',
  severity: 'critical',
  checkov: 'CKV_AWS_49',
  resourceTypes: ['aws_iam_role_policy', 'aws_iam_policy'],
  description: 'No role policy allows every action ("*" or "<service>:*")',
  fix: 'List the actions the role needs.',
  waivable: true,
  evaluate(policy, context) {
    const statements = identityStatements(policy, context);
    if (!statements) return outcome('the policy document could not be read');
    const broad = statements.flatMap((s) => s.actions.filter((a) => a === '*' || /^[a-z0-9-]+:\*$/.test(a)));
    return outcome(broad.length ? `allows ${[...new Set(broad)].join(', ')}` : undefined);
  },
};

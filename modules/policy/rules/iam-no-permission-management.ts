import { actionMatches, identityStatements } from '../inspect';
import { outcome, type PolicyRule } from '../types';

/** Actions that let a workload change who may do what: the way out of every other rule. */
const ESCALATION = [
  'iam:*',
  'iam:PassRole',
  'iam:Put*Policy',
  'iam:Attach*Policy',
  'iam:Create*',
  'iam:Update*',
  'sts:AssumeRole',
  'kms:PutKeyPolicy',
  'kms:CreateGrant',
  'organizations:*',
];

export const rule: PolicyRule = {
  id: 'TW-IAM-003',
  severity: 'critical',
  checkov: 'CKV_AWS_109',
  resourceTypes: ['aws_iam_role_policy', 'aws_iam_policy'],
  description: 'No workload role may manage permissions (IAM, role assumption, KMS grants or key policies)',
  fix: 'Remove the permission-management actions; permissions change through this repository only.',
  waivable: true,
  evaluate(policy, context) {
    const statements = identityStatements(policy, context);
    if (!statements) return outcome('the policy document could not be read');
    const found = statements.flatMap((s) =>
      s.actions.filter((a) => ESCALATION.some((e) => actionMatches(a, e.replace(/\*/g, 'X')) || actionMatches(e, a))),
    );
    return outcome(found.length ? `allows ${[...new Set(found)].join(', ')}` : undefined);
  },
};

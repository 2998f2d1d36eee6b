import { identityStatements, isReadOnlyAction, strings } from '../inspect';
import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

/** AWS managed policies that only read. */
const READ_ONLY_POLICIES = /:policy\/(ReadOnlyAccess|ViewOnlyAccess|SecurityAudit)$/;
/** Calls a plan makes that are not reads by name but change nothing. */
const PLAN_CALLS = new Set(['kms:Decrypt', 'sts:GetCallerIdentity', 'secretsmanager:GetRandomPassword']);

export const rule: PolicyRule = {
  id: 'TW-IAM-008',
  severity: 'critical',
  resourceTypes: ['aws_iam_role'],
  description: 'A role that pull requests can assume is read-only by construction (a PR runs its own Terraform with it)',
  fix: 'Give the plan role ReadOnlyAccess and read-only inline statements (state: s3:GetObject, dynamodb:GetItem, kms:Decrypt); applies use another role limited to protected environments.',
  waivable: true,
  evaluate(role, context) {
    const trust = context.statements(role.body.assume_role_policy) ?? [];
    const forPullRequests = trust.some((s) =>
      s.conditions.some((c) => c.variable.endsWith(':sub') && c.values.some((v) => /:pull_request$|:pull_request\b|:\*$/.test(v))),
    );
    if (!forPullRequests) return NOT_APPLICABLE;
    const problems: string[] = [];
    for (const a of context.attached(role, 'aws_iam_role_policy_attachment', 'role')) {
      const arn = strings(a.body.policy_arn)[0] ?? '';
      if (!READ_ONLY_POLICIES.test(arn)) problems.push(`${arn} is attached`);
    }
    for (const arn of strings(role.body.managed_policy_arns)) if (!READ_ONLY_POLICIES.test(arn)) problems.push(`${arn} is attached`);
    for (const inline of context.attached(role, 'aws_iam_role_policy', 'role')) {
      const statements = identityStatements(inline, context);
      if (!statements) problems.push(`${inline.address} could not be read`);
      for (const s of statements ?? [])
        for (const a of s.actions) if (!isReadOnlyAction(a) && !PLAN_CALLS.has(a)) problems.push(`${inline.address} allows ${a}`);
    }
    return outcome(problems.length ? problems.join('; ') : undefined);
  },
};

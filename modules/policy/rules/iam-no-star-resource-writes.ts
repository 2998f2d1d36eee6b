import { identityStatements, isReadOnlyAction } from '../inspect';
import { outcome, type PolicyRule } from '../types';

/** Actions AWS only grants on "*" (no resource-level permissions). */
const RESOURCELESS = new Set([
  'ecr:GetAuthorizationToken',
  'logs:DescribeLogGroups',
  'cloudwatch:PutMetricData',
  'xray:PutTraceSegments',
  'xray:PutTelemetryRecords',
  'secretsmanager:GetRandomPassword',
  // ECS Exec: the SSM agent's session channels.
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
]);

export const rule: PolicyRule = {
  id: 'TW-IAM-002',
  severity: 'high',
  checkov: 'CKV_AWS_111',
  resourceTypes: ['aws_iam_role_policy', 'aws_iam_policy'],
  description: 'No role policy allows a write or data-reading action on every resource ("*") without a condition narrowing it',
  fix: 'Name the resources (the customer bucket, log groups, secret ARNs) instead of "*", or narrow "*" with a condition (kms:ResourceAliases, kms:ViaService).',
  waivable: true,
  evaluate(policy, context) {
    const statements = identityStatements(policy, context);
    if (!statements) return outcome('the policy document could not be read');
    const loose = statements
      .filter((s) => s.resources.includes('*') && s.conditions.length === 0)
      .flatMap((s) =>
        s.actions.filter((a) => !RESOURCELESS.has(a) && (!isReadOnlyAction(a) || /GetSecretValue|GetObject|GetParameter/.test(a))),
      );
    return outcome(loose.length ? `${[...new Set(loose)].join(', ')} on resource "*"` : undefined);
  },
};

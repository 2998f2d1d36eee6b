import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-LOG-001',
  severity: 'medium',
  checkov: 'CKV_AWS_66',
  resourceTypes: ['aws_cloudwatch_log_group'],
  description: 'CloudWatch log groups expire their events (retention set)',
  fix: 'Set retention_in_days (logs.retentionDays for customers, network.flowLogRetentionDays for flow logs).',
  waivable: true,
  evaluate(group) {
    const days = Number(group.body.retention_in_days ?? 0);
    return outcome(days > 0 ? undefined : 'no retention: logs, with whatever tenant data they hold, are kept forever');
  },
};

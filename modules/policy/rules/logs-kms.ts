import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-LOG-002',
  severity: 'low',
  checkov: 'CKV_AWS_158',
  resourceTypes: ['aws_cloudwatch_log_group'],
  description: 'CloudWatch log groups are encrypted with a KMS key',
  fix: 'Set kms_key_id (encryption.customerKey = true gives a customer its own key, whose policy admits its log groups).',
  waivable: true,
  evaluate(group) {
    return outcome(group.body.kms_key_id ? undefined : 'no kms_key_id: CloudWatch Logs default encryption');
  },
};

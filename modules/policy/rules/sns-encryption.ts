import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-SNS-001',
  severity: 'low',
  checkov: 'CKV_AWS_26',
  resourceTypes: ['aws_sns_topic'],
  description: 'SNS topics are encrypted at rest with a KMS key',
  fix: 'Set kms_master_key_id to the customer key (CloudWatch alarms cannot publish to a topic under the AWS managed alias/aws/sns key).',
  waivable: true,
  evaluate(topic) {
    return outcome(topic.body.kms_master_key_id ? undefined : 'no kms_master_key_id');
  },
};

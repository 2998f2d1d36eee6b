import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-REDIS-006',
  severity: 'medium',
  checkov: 'CKV_AWS_191',
  resourceTypes: ['aws_elasticache_replication_group'],
  description: "ElastiCache data at rest is encrypted with the customer's KMS key",
  fix: 'Set encryption.customerKey = true for the customer (the large tier does); the group is replaced.',
  waivable: true,
  evaluate(group) {
    return outcome(
      group.body.kms_key_id ? undefined : 'at-rest encryption uses the AWS managed key, shared by every tenant of the account',
    );
  },
};

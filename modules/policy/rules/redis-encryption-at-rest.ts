import { isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-REDIS-001',
  severity: 'high',
  checkov: 'CKV_AWS_29',
  resourceTypes: ['aws_elasticache_replication_group'],
  description: 'ElastiCache replication group is encrypted at rest',
  fix: 'Set at_rest_encryption_enabled = true (the group is replaced).',
  waivable: true,
  evaluate(group) {
    return outcome(isTrue(group.body.at_rest_encryption_enabled) ? undefined : 'at_rest_encryption_enabled is not true');
  },
};

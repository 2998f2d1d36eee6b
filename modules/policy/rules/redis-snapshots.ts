import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-REDIS-005',
  severity: 'low',
  resourceTypes: ['aws_elasticache_replication_group'],
  description: 'ElastiCache replication group keeps at least one daily snapshot',
  fix: 'Set cache.snapshotRetentionDays to 1 or more.',
  waivable: true,
  evaluate(group) {
    const days = Number(group.body.snapshot_retention_limit ?? 0);
    return outcome(days >= 1 ? undefined : 'snapshot_retention_limit is 0: a lost cache cannot be restored');
  },
};

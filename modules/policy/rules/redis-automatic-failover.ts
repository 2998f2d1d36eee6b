import { isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-REDIS-004',
  severity: 'medium',
  checkov: 'CKV2_AWS_50',
  resourceTypes: ['aws_elasticache_replication_group'],
  description: 'ElastiCache replication group fails over automatically (needs a replica)',
  fix: 'Set cache.replicas to 1 or more in the customer or tier config (automatic failover and Multi-AZ follow), or waive it for a tier that runs one node.',
  waivable: true,
  evaluate(group) {
    return outcome(
      isTrue(group.body.automatic_failover_enabled)
        ? undefined
        : `automatic_failover_enabled is not true (${String(group.body.num_cache_clusters ?? 1)} node(s))`,
    );
  },
};

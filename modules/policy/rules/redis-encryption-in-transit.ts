import { isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-REDIS-002',
  severity: 'high',
  checkov: 'CKV_AWS_30',
  resourceTypes: ['aws_elasticache_replication_group'],
  description: 'ElastiCache replication group requires TLS from every client',
  fix: 'Set transit_encryption_enabled = true and transit_encryption_mode = "required".',
  waivable: true,
  evaluate(group) {
    if (!isTrue(group.body.transit_encryption_enabled)) return outcome('transit_encryption_enabled is not true');
    const mode = group.body.transit_encryption_mode;
    return outcome(
      mode === undefined || mode === 'required'
        ? undefined
        : `transit_encryption_mode is "${String(mode)}", so plain-text clients still connect`,
    );
  },
};

import { isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-RDS-009',
  severity: 'low',
  checkov: 'CKV_AWS_353',
  resourceTypes: ['aws_db_instance'],
  description: 'RDS instance has Performance Insights enabled',
  fix: 'Set performance_insights_enabled = true (7 days of retention are free).',
  waivable: true,
  evaluate(db) {
    return outcome(isTrue(db.body.performance_insights_enabled) ? undefined : 'performance_insights_enabled is not true');
  },
};

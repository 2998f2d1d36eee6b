import { strings } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-RDS-006',
  severity: 'medium',
  checkov: 'CKV_AWS_129',
  resourceTypes: ['aws_db_instance'],
  description: 'RDS instance exports its PostgreSQL log to CloudWatch Logs',
  fix: 'Set enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"] and create the log groups with a retention first.',
  waivable: true,
  evaluate(db) {
    return outcome(
      strings(db.body.enabled_cloudwatch_logs_exports).includes('postgresql') ? undefined : 'the postgresql log is not exported',
    );
  },
};

import { block, isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-DDB-001',
  severity: 'medium',
  checkov: 'CKV_AWS_28',
  resourceTypes: ['aws_dynamodb_table'],
  description: 'DynamoDB tables have point-in-time recovery',
  fix: 'Set point_in_time_recovery { enabled = true }.',
  waivable: true,
  evaluate(table) {
    return outcome(isTrue(block(table.body.point_in_time_recovery)?.enabled) ? undefined : 'point-in-time recovery is off');
  },
};

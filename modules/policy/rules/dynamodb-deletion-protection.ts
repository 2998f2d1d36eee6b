import { isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-DDB-003',
  severity: 'medium',
  resourceTypes: ['aws_dynamodb_table'],
  description: 'DynamoDB tables have deletion protection',
  fix: 'Set deletion_protection_enabled = true.',
  waivable: true,
  evaluate(table) {
    return outcome(isTrue(table.body.deletion_protection_enabled) ? undefined : 'deletion_protection_enabled is not true');
  },
};

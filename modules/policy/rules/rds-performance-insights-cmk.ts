import { isTrue } from '../inspect';
import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-RDS-010',
  severity: 'medium',
  checkov: 'CKV_AWS_354',
  resourceTypes: ['aws_db_instance'],
  description: "RDS Performance Insights data (which holds query text) is encrypted with the customer's KMS key",
  fix: 'Set performance_insights_kms_key_id to the customer key (encryption.customerKey = true gives the customer one).',
  waivable: true,
  evaluate(db) {
    if (!isTrue(db.body.performance_insights_enabled)) return NOT_APPLICABLE;
    return outcome(
      db.body.performance_insights_kms_key_id
        ? undefined
        : 'Performance Insights uses the AWS managed key, shared by every tenant of the account',
    );
  },
};

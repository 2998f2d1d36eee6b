import { isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-RDS-005',
  severity: 'medium',
  checkov: 'CKV_AWS_157',
  resourceTypes: ['aws_db_instance'],
  description: 'RDS instance runs in two Availability Zones',
  fix: 'Set database.multiAz = true in the customer or tier config, or waive it for a tier that trades availability for cost.',
  waivable: true,
  evaluate(db) {
    return outcome(isTrue(db.body.multi_az) ? undefined : 'multi_az is not true: one Availability Zone failure stops the database');
  },
};

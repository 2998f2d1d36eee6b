import { isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-RDS-008',
  severity: 'low',
  checkov: 'CKV2_AWS_60',
  resourceTypes: ['aws_db_instance'],
  description: 'RDS instance copies its tags (Customer, CostCenter) to snapshots',
  fix: 'Set copy_tags_to_snapshot = true so snapshots stay attributable to their customer.',
  waivable: true,
  evaluate(db) {
    return outcome(isTrue(db.body.copy_tags_to_snapshot) ? undefined : 'copy_tags_to_snapshot is not true');
  },
};

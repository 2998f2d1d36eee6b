import { isReplica, isTrue } from '../inspect';
import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-RDS-013',
  severity: 'high',
  resourceTypes: ['aws_db_instance'],
  description: 'RDS primary takes a final snapshot when destroyed',
  fix: 'Set skip_final_snapshot = false and a final_snapshot_identifier.',
  waivable: true,
  evaluate(db) {
    if (isReplica(db)) return NOT_APPLICABLE;
    return outcome(
      isTrue(db.body.skip_final_snapshot) || !db.body.final_snapshot_identifier
        ? 'destroying the instance would keep no final snapshot'
        : undefined,
    );
  },
};

import { isTrue } from '../inspect';
import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-RDS-003',
  severity: 'high',
  checkov: 'CKV_AWS_293',
  resourceTypes: ['aws_db_instance'],
  description: 'RDS instance has deletion protection (unless its customer is marked decommission: true)',
  fix: 'Set deletion_protection = true; decommissioning a customer turns it off in a reviewed change first.',
  waivable: true,
  evaluate(db, context) {
    if (context.decommissioning) return NOT_APPLICABLE;
    return outcome(isTrue(db.body.deletion_protection) ? undefined : 'deletion_protection is not true');
  },
};

import { isReplica, isTrue } from '../inspect';
import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-RDS-012',
  severity: 'high',
  resourceTypes: ['aws_db_instance'],
  description: 'RDS master password is generated and kept in Secrets Manager by RDS, never written in Terraform',
  fix: 'Set manage_master_user_password = true and remove password; services read the secret through their execution role.',
  waivable: true,
  evaluate(db) {
    if (isReplica(db)) return NOT_APPLICABLE;
    if (db.body.password !== undefined)
      return outcome('password is set in the configuration, so it is stored in Terraform state and plans');
    return outcome(isTrue(db.body.manage_master_user_password) ? undefined : 'manage_master_user_password is not true');
  },
};

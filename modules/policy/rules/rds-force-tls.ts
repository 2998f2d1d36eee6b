import { blocks } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-RDS-011',
  severity: 'high',
  checkov: 'CKV2_AWS_69',
  resourceTypes: ['aws_db_instance'],
  description: 'RDS instance refuses connections without TLS (rds.force_ssl = 1 in its parameter group)',
  fix: 'Give the instance a parameter group of this workspace with rds.force_ssl = 1.',
  waivable: true,
  evaluate(db, context) {
    const group = context.resolve(db.body.parameter_group_name);
    if (!group) return outcome('the parameter group is not one of this workspace, so rds.force_ssl cannot be verified');
    const forced = blocks(group.body.parameter).some((p) => p.name === 'rds.force_ssl' && String(p.value) === '1');
    return outcome(forced ? undefined : `parameter group ${group.address} does not set rds.force_ssl = 1`);
  },
};

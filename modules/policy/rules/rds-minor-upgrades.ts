import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-RDS-007',
  severity: 'low',
  checkov: 'CKV_AWS_226',
  resourceTypes: ['aws_db_instance'],
  description: 'RDS instance takes minor engine upgrades automatically',
  fix: 'Leave auto_minor_version_upgrade unset or true; upgrades happen in the maintenance window.',
  waivable: true,
  evaluate(db) {
    const v = db.body.auto_minor_version_upgrade;
    return outcome(v === false || v === 'false' ? 'auto_minor_version_upgrade = false leaves security patches unapplied' : undefined);
  },
};

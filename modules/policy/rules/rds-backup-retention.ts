import { isReplica } from '../inspect';
import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

const MIN_DAYS = 7;

export const rule: PolicyRule = {
  id: 'TW-RDS-004',
  severity: 'high',
  checkov: 'CKV_AWS_133',
  resourceTypes: ['aws_db_instance'],
  description: `RDS primary keeps automated backups for at least ${MIN_DAYS} days`,
  fix: `Set backup_retention_period to ${MIN_DAYS} or more (database.backupRetentionDays in the customer or tier config).`,
  waivable: true,
  evaluate(db) {
    if (isReplica(db)) return NOT_APPLICABLE;
    const days = Number(db.body.backup_retention_period ?? 0);
    return outcome(days >= MIN_DAYS ? undefined : `backup_retention_period is ${days} day(s)`);
  },
};

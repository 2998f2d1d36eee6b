import { isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-RDS-001',
  severity: 'critical',
  checkov: 'CKV_AWS_16',
  resourceTypes: ['aws_db_instance'],
  description: 'RDS instance storage is encrypted at rest',
  fix: 'Set storage_encrypted = true (with kms_key_id of the customer key where there is one). Existing instances are replaced: restore from an encrypted snapshot.',
  waivable: true,
  evaluate(db) {
    return outcome(isTrue(db.body.storage_encrypted) ? undefined : 'storage_encrypted is not true');
  },
};

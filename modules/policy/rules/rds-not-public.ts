import { isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-RDS-002',
  severity: 'critical',
  checkov: 'CKV_AWS_17',
  resourceTypes: ['aws_db_instance'],
  description: 'RDS instance is not publicly accessible',
  fix: 'Set publicly_accessible = false; services reach the database through its security group inside the VPC.',
  waivable: true,
  evaluate(db) {
    return outcome(isTrue(db.body.publicly_accessible) ? 'publicly_accessible = true gives the instance a public address' : undefined);
  },
};

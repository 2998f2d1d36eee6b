import { isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-KMS-001',
  severity: 'medium',
  checkov: 'CKV_AWS_7',
  resourceTypes: ['aws_kms_key'],
  description: 'KMS keys rotate their key material yearly',
  fix: 'Set enable_key_rotation = true.',
  waivable: true,
  evaluate(key) {
    return outcome(isTrue(key.body.enable_key_rotation) ? undefined : 'enable_key_rotation is not true');
  },
};

import { block, isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ACM-002',
  severity: 'low',
  checkov: 'CKV_AWS_233',
  resourceTypes: ['aws_acm_certificate'],
  description: 'A replaced certificate is created before the old one is destroyed (no outage on listeners)',
  fix: 'Set lifecycle { create_before_destroy = true }.',
  waivable: true,
  evaluate(cert) {
    return outcome(isTrue(block(cert.body.lifecycle)?.create_before_destroy) ? undefined : 'lifecycle.create_before_destroy is not true');
  },
};

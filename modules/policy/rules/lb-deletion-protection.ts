import { isTrue } from '../inspect';
import { outcome, PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-LB-002',
  severity: 'medium',
  checkov: 'CKV_AWS_150',
  resourceTypes: ['aws_lb'],
  description: 'Load balancer has deletion protection',
  fix: 'Set enable_deletion_protection = true.',
  waivable: true,
  evaluate(lb) {
    return outcome(isTrue(lb.body.enable_deletion_protection) ? undefined : 'enable_deletion_protection is not true');
  },
};

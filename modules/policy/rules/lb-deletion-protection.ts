import { isTrue } from '../inspect';
import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-LB-002',
  severity: 'medium',
  checkov: 'CKV_AWS_150',
  resourceTypes: ['aws_lb'],
  description: 'Load balancer has deletion protection (unless its customer is marked decommission: true)',
  fix: 'Set enable_deletion_protection = true.',
  waivable: true,
  evaluate(lb, context) {
    if (context.decommissioning) return NOT_APPLICABLE;
    return outcome(isTrue(lb.body.enable_deletion_protection) ? undefined : 'enable_deletion_protection is not true');
  },
};

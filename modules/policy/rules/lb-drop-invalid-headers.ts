import { isTrue } from '../inspect';
import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-LB-001',
  severity: 'medium',
  checkov: 'CKV_AWS_131',
  resourceTypes: ['aws_lb'],
  description: 'Application load balancer drops invalid HTTP header fields (request smuggling)',
  fix: 'Set drop_invalid_header_fields = true.',
  waivable: true,
  evaluate(lb) {
    if ((lb.body.load_balancer_type ?? 'application') !== 'application') return NOT_APPLICABLE;
    return outcome(isTrue(lb.body.drop_invalid_header_fields) ? undefined : 'drop_invalid_header_fields is not true');
  },
};

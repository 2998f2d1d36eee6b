import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-LB-007',
  severity: 'medium',
  checkov: 'CKV_AWS_378',
  resourceTypes: ['aws_lb_target_group'],
  description: 'Target groups reach their targets over HTTPS',
  fix: 'Set protocol = "HTTPS" and serve TLS in the container, or waive: TLS ends at the load balancer inside the VPC.',
  waivable: true,
  evaluate(group) {
    const protocol = group.body.protocol ?? 'HTTP';
    return outcome(protocol === 'HTTP' ? 'the load balancer forwards requests to the tasks in plain HTTP' : undefined);
  },
};

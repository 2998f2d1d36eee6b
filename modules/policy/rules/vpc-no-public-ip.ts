import { isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-VPC-002',
  severity: 'medium',
  checkov: 'CKV_AWS_130',
  resourceTypes: ['aws_subnet'],
  description: 'Subnets do not hand out public IP addresses by default',
  fix: 'Set map_public_ip_on_launch = false (load balancers and NAT gateways get their addresses explicitly).',
  waivable: true,
  evaluate(subnet) {
    return outcome(isTrue(subnet.body.map_public_ip_on_launch) ? 'map_public_ip_on_launch = true' : undefined);
  },
};

import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-SG-002',
  severity: 'medium',
  checkov: 'CKV_AWS_382',
  resourceTypes: ['aws_vpc_security_group_egress_rule'],
  description: 'No security group may send every protocol to the whole internet',
  fix: 'Allow egress per port (443 to AWS APIs, the data store ports to their security groups).',
  waivable: true,
  evaluate(egress) {
    const anywhere = egress.body.cidr_ipv4 === '0.0.0.0/0' || egress.body.cidr_ipv6 === '::/0';
    if (!anywhere) return NOT_APPLICABLE;
    return outcome(String(egress.body.ip_protocol) === '-1' ? 'all protocols and ports to anywhere' : undefined);
  },
};

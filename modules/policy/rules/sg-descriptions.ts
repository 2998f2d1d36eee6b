import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-SG-003',
  severity: 'low',
  checkov: 'CKV_AWS_23',
  resourceTypes: ['aws_security_group', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule'],
  description: 'Every security group and rule says what it is for',
  fix: 'Set description (on the group: what it protects; on a rule: who talks to whom).',
  waivable: true,
  evaluate(resource) {
    const text = String(resource.body.description ?? '').trim();
    return outcome(text && text !== 'Managed by Terraform' ? undefined : 'no description');
  },
};

import { blocks } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-SG-004',
  severity: 'high',
  checkov: 'CKV2_AWS_12',
  resourceTypes: ['aws_vpc'],
  description: "The VPC's default security group allows no traffic",
  fix: 'Manage it with aws_default_security_group { vpc_id = …, ingress = [], egress = [] }.',
  waivable: true,
  evaluate(vpc, context) {
    const group = context.attached(vpc, 'aws_default_security_group', 'vpc_id')[0];
    if (!group) return outcome("the default security group is not managed, so it keeps AWS's allow-all-within-group rules");
    const open = blocks(group.body.ingress).length + blocks(group.body.egress).length;
    return outcome(open ? `the default security group keeps ${open} rule(s)` : undefined);
  },
};

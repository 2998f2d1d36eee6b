import { fleetMarkers, otherTenants, stringsIn } from '../tenancy';
import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

/** Literal group ids and prefix lists can belong to anyone: a customer's rules reference groups by Terraform reference. */
const LITERAL_ID = /^(sg|pl)-[0-9a-f]+$/;

export const rule: PolicyRule = {
  id: 'TW-TEN-002',
  severity: 'critical',
  resourceTypes: ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule', 'aws_security_group'],
  description: "A customer's security-group rules open no path to or from another customer's groups",
  fix: "Reference the customer's own groups (${aws_security_group.….id}) or the platform's documented outputs, never a literal sg- id or another customer's name.",
  waivable: false,
  evaluate(resource, context) {
    if (context.kind !== 'customer') return NOT_APPLICABLE;
    const problems: string[] = [];
    for (const key of ['referenced_security_group_id', 'prefix_list_id']) {
      const value = resource.body[key];
      if (typeof value === 'string' && LITERAL_ID.test(value))
        problems.push(`${key} is the literal "${value}", which may be another tenant's`);
    }
    for (const text of stringsIn(resource.body)) {
      const others = otherTenants(text, context.customer, fleetMarkers(context));
      if (others.length) problems.push(`"${text}" names ${others.join(', ')}`);
    }
    return outcome(problems.length ? problems.join('; ') : undefined);
  },
};

import { fleetMarkers, otherTenants, stringsIn } from '../tenancy';
import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-TEN-001',
  severity: 'critical',
  resourceTypes: ['aws_iam_role_policy', 'aws_iam_policy', 'aws_iam_role'],
  description: "A customer's IAM statements name no other customer's resources, not even through a wildcard",
  fix: "Grant only the customer's own resources (its derived names in modules/naming.ts); never a prefix that spans tenants such as saas/prod/*.",
  waivable: false,
  evaluate(resource, context) {
    if (context.kind !== 'customer') return NOT_APPLICABLE;
    const statements = context.statements(resource.body.policy ?? resource.body.assume_role_policy);
    if (!statements) return outcome('the policy document could not be read, so it cannot be shown to stay inside the tenant');
    const found = statements
      .filter((s) => s.effect === 'Allow')
      .flatMap((s) =>
        stringsIn([s.resources, s.principals, s.conditions]).map((text) => ({
          sid: s.sid,
          text,
          others: otherTenants(text, context.customer, fleetMarkers(context)),
        })),
      )
      .filter((f) => f.others.length);
    return outcome(
      found.length ? found.map((f) => `${f.sid ?? 'statement'} reaches ${f.others.join(', ')} through "${f.text}"`).join('; ') : undefined,
    );
  },
};

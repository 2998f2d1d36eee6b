import { fleetMarkers, otherTenants, stringsIn } from '../tenancy';
import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-TEN-003',
  severity: 'critical',
  resourceTypes: ['aws_kms_key'],
  description: "A customer's KMS key policy admits no other customer's roles, log groups or services",
  fix: "Grant the key to the account (IAM decides) and to services on behalf of the customer's own resources only.",
  waivable: false,
  evaluate(key, context) {
    if (context.kind !== 'customer' || key.body.policy === undefined) return NOT_APPLICABLE;
    const statements = context.statements(key.body.policy);
    if (!statements) return outcome('the key policy could not be read, so it cannot be shown to stay inside the tenant');
    const found = statements
      .filter((s) => s.effect === 'Allow')
      .flatMap((s) =>
        stringsIn([s.principals, s.conditions, s.resources]).map((text) => ({
          sid: s.sid,
          text,
          others: otherTenants(text, context.customer, fleetMarkers(context)),
        })),
      )
      .filter((f) => f.others.length);
    return outcome(
      found.length ? found.map((f) => `${f.sid ?? 'statement'} admits ${f.others.join(', ')} through "${f.text}"`).join('; ') : undefined,
    );
  },
};

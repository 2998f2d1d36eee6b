import { containers, UNREADABLE_CONTAINERS } from '../inspect';
import { fleetMarkers, otherTenants } from '../tenancy';
import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-TEN-004',
  severity: 'critical',
  resourceTypes: ['aws_ecs_task_definition'],
  description: "A customer's containers read only the customer's own secrets",
  fix: "Reference secrets under the customer's own prefix (<app>/<environment>/<customer>/…) or its own resources (the RDS-managed secret).",
  waivable: false,
  evaluate(task, context) {
    const defined = containers(task);
    if (!defined) return outcome(UNREADABLE_CONTAINERS);
    if (context.kind !== 'customer') return NOT_APPLICABLE;
    const found = defined.flatMap((c) =>
      ((c.secrets ?? []) as { name?: string; valueFrom?: string }[])
        .map((s) => ({
          name: `${String(c.name)}.${String(s.name)}`,
          from: String(s.valueFrom),
          others: otherTenants(String(s.valueFrom), context.customer, fleetMarkers(context)),
        }))
        .filter((s) => s.others.length),
    );
    return outcome(found.length ? found.map((s) => `${s.name} reads ${s.others.join(', ')}'s secret "${s.from}"`).join('; ') : undefined);
  },
};

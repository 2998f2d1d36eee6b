import { containers, UNREADABLE_CONTAINERS } from '../inspect';
import { outcome, type PolicyRule } from '../types';

/** Variable names that carry credentials; such values belong in `secrets` (fetched at start by the execution role). */
const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|PRIVATE_KEY|API_KEY|ACCESS_KEY|CREDENTIAL)/i;
/** Values that look like credentials whatever the name: AWS access keys, PEM keys, URLs with a password. */
const SECRET_VALUE = /(AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----|[a-z]+:\/\/[^/\s:@]+:[^/\s@]+@)/;

export const rule: PolicyRule = {
  id: 'TW-ECS-003',
  severity: 'high',
  resourceTypes: ['aws_ecs_task_definition'],
  description: 'No credential is passed as a plain environment variable',
  fix: 'Move the value to Secrets Manager under the customer prefix and reference it in services.<name>.secrets.',
  waivable: true,
  evaluate(task) {
    const defined = containers(task);
    if (!defined) return outcome(UNREADABLE_CONTAINERS);
    const leaks = defined.flatMap((c) =>
      ((c.environment ?? []) as { name?: string; value?: string }[])
        .filter((e) => SECRET_NAME.test(String(e.name)) || SECRET_VALUE.test(String(e.value)))
        .map((e) => `${String(c.name)}.${String(e.name)}`),
    );
    return outcome(leaks.length ? `environment variable(s) ${leaks.join(', ')} look like credentials in plain text` : undefined);
  },
};

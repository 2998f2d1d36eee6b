import { containers, UNREADABLE_CONTAINERS } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ECS-004',
  severity: 'medium',
  resourceTypes: ['aws_ecs_task_definition'],
  description: "Every container sends its output to the customer's CloudWatch log group (awslogs)",
  fix: 'Give each container a logConfiguration with logDriver "awslogs" and the service log group.',
  waivable: true,
  evaluate(task) {
    const defined = containers(task);
    if (!defined) return outcome(UNREADABLE_CONTAINERS);
    const silent = defined.filter((c) => (c.logConfiguration as { logDriver?: string } | undefined)?.logDriver !== 'awslogs');
    return outcome(
      silent.length ? `container(s) ${silent.map((c) => String(c.name)).join(', ')} have no awslogs log configuration` : undefined,
    );
  },
};

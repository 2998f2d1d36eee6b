import { containers, isTrue, UNREADABLE_CONTAINERS } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ECS-001',
  severity: 'critical',
  checkov: 'CKV_AWS_334',
  resourceTypes: ['aws_ecs_task_definition'],
  description: 'No container runs privileged',
  fix: 'Set privileged = false (Fargate rejects privileged containers anyway).',
  waivable: true,
  evaluate(task) {
    const defined = containers(task);
    if (!defined) return outcome(UNREADABLE_CONTAINERS);
    const privileged = defined.filter((c) => isTrue(c.privileged));
    return outcome(privileged.length ? `container(s) ${privileged.map((c) => String(c.name)).join(', ')} run privileged` : undefined);
  },
};

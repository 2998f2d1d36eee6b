import { containers, isTrue, UNREADABLE_CONTAINERS } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ECS-002',
  severity: 'medium',
  checkov: 'CKV_AWS_336',
  resourceTypes: ['aws_ecs_task_definition'],
  description: 'Every container mounts its root file system read-only',
  fix: 'Set services.<name>.readonlyRootFilesystem = true; the task gets a writable /tmp volume.',
  waivable: true,
  evaluate(task) {
    const defined = containers(task);
    if (!defined) return outcome(UNREADABLE_CONTAINERS);
    const writable = defined.filter((c) => !isTrue(c.readonlyRootFilesystem));
    return outcome(
      writable.length ? `container(s) ${writable.map((c) => String(c.name)).join(', ')} can write to their root file system` : undefined,
    );
  },
};

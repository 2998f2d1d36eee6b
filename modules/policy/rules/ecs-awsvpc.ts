import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ECS-005',
  severity: 'high',
  resourceTypes: ['aws_ecs_task_definition'],
  description: 'Tasks use awsvpc networking, so each task has its own security group',
  fix: 'Set network_mode = "awsvpc" (required on Fargate).',
  waivable: true,
  evaluate(task) {
    const mode = task.body.network_mode;
    return outcome(
      mode === 'awsvpc'
        ? undefined
        : `network_mode is ${mode ? `"${String(mode)}"` : 'unset'}: tasks would share the host's network and security group`,
    );
  },
};

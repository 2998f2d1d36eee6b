import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ECS-006',
  severity: 'high',
  checkov: 'CKV_AWS_335',
  resourceTypes: ['aws_ecs_task_definition'],
  description: "Tasks share neither the host's process nor IPC namespace",
  fix: 'Remove pid_mode and ipc_mode "host".',
  waivable: true,
  evaluate(task) {
    const shared = (['pid_mode', 'ipc_mode'] as const).filter((k) => task.body[k] === 'host');
    return outcome(shared.length ? `${shared.join(' and ')} = "host"` : undefined);
  },
};

import { isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ECS-013',
  severity: 'high',
  resourceTypes: ['aws_ecs_service'],
  description: 'ECS Exec (an interactive shell in a running task) is off',
  fix: 'Leave enable_execute_command unset; debug with logs, or enable it for one service in a reviewed, waived change with exec logging on the cluster.',
  waivable: true,
  evaluate(service) {
    return outcome(
      isTrue(service.body.enable_execute_command)
        ? 'enable_execute_command = true opens a shell into tasks holding tenant credentials'
        : undefined,
    );
  },
};

import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ECS-007',
  severity: 'medium',
  checkov: 'CKV_AWS_249',
  resourceTypes: ['aws_ecs_task_definition'],
  description: 'The task role (what the application may do) differs from the execution role (what ECS needs to start it)',
  fix: 'Give the task definition distinct task_role_arn and execution_role_arn.',
  waivable: true,
  evaluate(task) {
    const { task_role_arn: taskRole, execution_role_arn: executionRole } = task.body;
    return outcome(
      taskRole !== undefined && taskRole === executionRole
        ? 'task_role_arn equals execution_role_arn: the application holds the secret-reading permissions'
        : undefined,
    );
  },
};

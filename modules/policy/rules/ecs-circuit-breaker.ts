import { block, isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ECS-011',
  severity: 'medium',
  resourceTypes: ['aws_ecs_service'],
  description: 'ECS service rolls back a failing deployment by itself (deployment circuit breaker)',
  fix: 'Set deployment_circuit_breaker { enable = true, rollback = true }.',
  waivable: true,
  evaluate(service) {
    const breaker = block(service.body.deployment_circuit_breaker);
    return outcome(isTrue(breaker?.enable) && isTrue(breaker?.rollback) ? undefined : 'no deployment circuit breaker with rollback');
  },
};

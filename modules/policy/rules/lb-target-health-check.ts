import { block } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-LB-008',
  severity: 'medium',
  checkov: 'CKV_AWS_261',
  resourceTypes: ['aws_lb_target_group'],
  description: 'Target groups define an HTTP health check path',
  fix: 'Set health_check { enabled = true, path = services.<name>.healthCheckPath, matcher = "200-399" }.',
  waivable: true,
  evaluate(group) {
    const check = block(group.body.health_check);
    const ok =
      check && check.enabled !== false && check.enabled !== 'false' && typeof check.path === 'string' && check.path.startsWith('/');
    return outcome(ok ? undefined : 'no enabled health check with a path: unhealthy tasks keep receiving traffic');
  },
};

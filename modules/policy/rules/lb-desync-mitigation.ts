import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-LB-006',
  severity: 'medium',
  checkov: 'CKV_AWS_328',
  resourceTypes: ['aws_lb'],
  description: 'Load balancer mitigates HTTP desync (defensive or strictest mode)',
  fix: 'Leave desync_mitigation_mode unset (defensive) or set "strictest".',
  waivable: true,
  evaluate(lb) {
    return outcome(
      lb.body.desync_mitigation_mode === 'monitor' ? 'desync_mitigation_mode = "monitor" forwards ambiguous requests' : undefined,
    );
  },
};

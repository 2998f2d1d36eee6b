import { block, isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-LB-003',
  severity: 'medium',
  checkov: 'CKV_AWS_91',
  resourceTypes: ['aws_lb'],
  description: "Load balancer writes access logs (to the platform's access-log bucket)",
  fix: 'Set access_logs { enabled = true, bucket = <alb_access_logs_bucket output>, prefix = … }.',
  waivable: true,
  evaluate(lb) {
    const logs = block(lb.body.access_logs);
    return outcome(logs && isTrue(logs.enabled) && logs.bucket ? undefined : 'access logs are not enabled');
  },
};

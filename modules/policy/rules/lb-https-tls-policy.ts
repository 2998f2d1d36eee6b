import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

/** ELB security policies that refuse TLS 1.0 and 1.1 (AWS documents the protocols of each). */
const TLS12_POLICY = /^ELBSecurityPolicy-(TLS13-1-[23]-|TLS-1-2-|FS-1-2-|TLS13-1-2-Res-|TLS13-1-3-)/;

export const rule: PolicyRule = {
  id: 'TW-LB-004',
  severity: 'high',
  checkov: 'CKV_AWS_103',
  resourceTypes: ['aws_lb_listener'],
  description: 'HTTPS listeners accept TLS 1.2 or newer only',
  fix: 'Set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06" (or another TLS 1.2+ policy).',
  waivable: true,
  evaluate(listener) {
    if (listener.body.protocol !== 'HTTPS') return NOT_APPLICABLE;
    const policy = String(listener.body.ssl_policy ?? 'ELBSecurityPolicy-2016-08');
    return outcome(TLS12_POLICY.test(policy) ? undefined : `ssl_policy "${policy}" still accepts TLS 1.0/1.1`);
  },
};

import { block, blocks } from '../inspect';
import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-LB-005',
  severity: 'high',
  checkov: 'CKV_AWS_2',
  resourceTypes: ['aws_lb_listener'],
  description: 'Plain-HTTP listeners only redirect to HTTPS',
  fix: 'Give the HTTP listener a single default action: redirect { protocol = "HTTPS", port = "443", status_code = "HTTP_301" }.',
  waivable: true,
  evaluate(listener) {
    if (listener.body.protocol !== 'HTTP') return NOT_APPLICABLE;
    const actions = blocks(listener.body.default_action);
    const redirects = actions.length > 0 && actions.every((a) => a.type === 'redirect' && block(a.redirect)?.protocol === 'HTTPS');
    return outcome(redirects ? undefined : 'the HTTP listener serves content instead of redirecting to HTTPS');
  },
};

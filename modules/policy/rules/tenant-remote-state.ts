import { block } from '../inspect';
import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';
import { STATE_KEYS } from '../../naming';

export const rule: PolicyRule = {
  id: 'TW-TEN-005',
  severity: 'critical',
  resourceTypes: ['data.terraform_remote_state'],
  description: "A customer's workspace reads no state but the platform's (no other tenant's outputs)",
  fix: `Read platform values through the platform state (${STATE_KEYS.platform}) and its documented outputs only.`,
  waivable: false,
  evaluate(state, context) {
    if (context.kind !== 'customer') return NOT_APPLICABLE;
    const key = block(state.body.config)?.key;
    return outcome(key === STATE_KEYS.platform ? undefined : `reads the state "${String(key)}"`);
  },
};

import { outcome, type PolicyRule } from '../types';

const MIN_DAYS = 30;

export const rule: PolicyRule = {
  id: 'TW-KMS-003',
  severity: 'medium',
  resourceTypes: ['aws_kms_key'],
  description: `A scheduled KMS key deletion waits ${MIN_DAYS} days, time to notice before the customer's data becomes unreadable`,
  fix: `Set deletion_window_in_days = ${MIN_DAYS}.`,
  waivable: true,
  evaluate(key) {
    const days = Number(key.body.deletion_window_in_days ?? 30);
    return outcome(days >= MIN_DAYS ? undefined : `deletion_window_in_days is ${days}`);
  },
};

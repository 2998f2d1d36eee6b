import { block, isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ECR-001',
  severity: 'medium',
  checkov: 'CKV_AWS_163',
  resourceTypes: ['aws_ecr_repository'],
  description: 'ECR repository scans every pushed image',
  fix: 'Set image_scanning_configuration { scan_on_push = true }.',
  waivable: true,
  evaluate(repo) {
    return outcome(isTrue(block(repo.body.image_scanning_configuration)?.scan_on_push) ? undefined : 'scan_on_push is not true');
  },
};

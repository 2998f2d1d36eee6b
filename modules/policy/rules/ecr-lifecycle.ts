import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ECR-004',
  severity: 'low',
  resourceTypes: ['aws_ecr_repository'],
  description: 'ECR repository has a lifecycle policy (old and untagged images expire)',
  fix: 'Attach an aws_ecr_lifecycle_policy (ecr.keepTaggedImages and ecr.untaggedExpiryDays in _platform.json).',
  waivable: true,
  evaluate(repo, context) {
    return outcome(
      context.attached(repo, 'aws_ecr_lifecycle_policy', 'repository').length
        ? undefined
        : 'no lifecycle policy: images accumulate forever',
    );
  },
};

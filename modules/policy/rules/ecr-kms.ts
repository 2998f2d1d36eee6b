import { block } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ECR-003',
  severity: 'low',
  checkov: 'CKV_AWS_136',
  resourceTypes: ['aws_ecr_repository'],
  description: 'ECR repository encrypts images with KMS',
  fix: 'Set encryption_configuration { encryption_type = "KMS" } (the repository is replaced: push the images again).',
  waivable: true,
  evaluate(repo) {
    const type = block(repo.body.encryption_configuration)?.encryption_type ?? 'AES256';
    return outcome(type === 'KMS' ? undefined : `encryption_type is "${String(type)}"`);
  },
};

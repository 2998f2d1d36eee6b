import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ECS-012',
  severity: 'low',
  checkov: 'CKV_AWS_332',
  resourceTypes: ['aws_ecs_service'],
  description: 'Fargate services run on the latest platform version',
  fix: 'Set platform_version = "LATEST" (or leave it unset).',
  waivable: true,
  evaluate(service) {
    if (service.body.launch_type !== 'FARGATE') return NOT_APPLICABLE;
    const version = service.body.platform_version;
    return outcome(version === undefined || version === 'LATEST' ? undefined : `platform_version is pinned to "${String(version)}"`);
  },
};

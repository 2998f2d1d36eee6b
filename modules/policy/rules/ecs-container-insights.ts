import { blocks } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ECS-014',
  severity: 'low',
  checkov: 'CKV_AWS_65',
  resourceTypes: ['aws_ecs_cluster'],
  description: 'ECS cluster has Container Insights on',
  fix: 'Add setting { name = "containerInsights", value = "enabled" } (or "enhanced").',
  waivable: true,
  evaluate(cluster) {
    const value = blocks(cluster.body.setting).find((s) => s.name === 'containerInsights')?.value;
    return outcome(value === 'enabled' || value === 'enhanced' ? undefined : 'containerInsights is not enabled');
  },
};

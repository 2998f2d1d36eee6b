import { block, isTrue } from '../inspect';
import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-ECS-010',
  severity: 'high',
  checkov: 'CKV_AWS_333',
  resourceTypes: ['aws_ecs_service'],
  description: 'ECS service tasks get no public IP address',
  fix: 'Set network_configuration.assign_public_ip = false and run tasks in the private subnets.',
  waivable: true,
  evaluate(service) {
    return outcome(
      isTrue(block(service.body.network_configuration)?.assign_public_ip)
        ? 'assign_public_ip = true puts tasks on the internet'
        : undefined,
    );
  },
};

import { outcome, type PolicyRule } from '../types';

export const rule: PolicyRule = {
  id: 'TW-VPC-001',
  severity: 'medium',
  checkov: 'CKV2_AWS_11',
  resourceTypes: ['aws_vpc'],
  description: 'The VPC records flow logs of all traffic',
  fix: 'Attach an aws_flow_log { vpc_id = …, traffic_type = "ALL" } writing to a log group with retention.',
  waivable: true,
  evaluate(vpc, context) {
    const logs = context.attached(vpc, 'aws_flow_log', 'vpc_id');
    if (!logs.length) return outcome('no flow log');
    return outcome(logs.some((l) => l.body.traffic_type === 'ALL') ? undefined : 'the flow log does not record ALL traffic');
  },
};

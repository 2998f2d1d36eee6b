import { loadBalancerGroups } from '../inspect';
import { NOT_APPLICABLE, outcome, type PolicyRule } from '../types';

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);
const WEB_PORTS = new Set([80, 443]);

export const rule: PolicyRule = {
  id: 'TW-SG-001',
  severity: 'critical',
  checkov: 'CKV_AWS_277',
  resourceTypes: ['aws_vpc_security_group_ingress_rule'],
  description: 'Nothing is open to the internet except a load balancer on ports 80 and 443',
  fix: 'Allow ingress from a security group (referenced_security_group_id) or a VPC CIDR; only a load balancer group may take 80/443 from anywhere.',
  waivable: true,
  evaluate(ingress, context) {
    const source = [ingress.body.cidr_ipv4, ingress.body.cidr_ipv6].find((c) => ANYWHERE.has(String(c)));
    if (!source) return NOT_APPLICABLE;
    const group = context.resolve(ingress.body.security_group_id);
    const port = Number(ingress.body.from_port);
    const webPort = ingress.body.ip_protocol === 'tcp' && port === Number(ingress.body.to_port) && WEB_PORTS.has(port);
    if (group && loadBalancerGroups(context).has(group.address) && webPort) return outcome(undefined);
    const range =
      ingress.body.ip_protocol === '-1' ? 'every port' : `ports ${String(ingress.body.from_port)}-${String(ingress.body.to_port)}`;
    return outcome(`${range} open to ${String(source)} on ${group ? group.address : String(ingress.body.security_group_id)}`);
  },
};

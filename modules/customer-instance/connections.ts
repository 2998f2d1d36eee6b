import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { Construct } from 'constructs';

/**
 * Security groups own no inline rules: every rule is its own resource, so groups that
 * reference each other (service ↔ database) never form a dependency cycle.
 */
export function securityGroup(scope: Construct, id: string, name: string, description: string, vpcId: string): SecurityGroup {
  return new SecurityGroup(scope, id, { name, description, vpcId, revokeRulesOnDelete: true });
}

/** Admits TCP on `port` into `target` from the group `sourceSecurityGroupId` only. */
export function allowIngressFrom(
  scope: Construct,
  id: string,
  target: SecurityGroup,
  sourceSecurityGroupId: string,
  port: number,
  description: string,
): VpcSecurityGroupIngressRule {
  return new VpcSecurityGroupIngressRule(scope, id, {
    securityGroupId: target.id,
    referencedSecurityGroupId: sourceSecurityGroupId,
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    description,
  });
}

/** Lets `source` open TCP connections to `target` on `port`: egress on one side, ingress on the other. */
export function allowTcp(
  scope: Construct,
  id: string,
  source: SecurityGroup,
  target: SecurityGroup,
  port: number,
  description: string,
): void {
  new VpcSecurityGroupEgressRule(scope, `${id}-egress`, {
    securityGroupId: source.id,
    referencedSecurityGroupId: target.id,
    ipProtocol: 'tcp',
    fromPort: port,
    toPort: port,
    description,
  });
  allowIngressFrom(scope, `${id}-ingress`, target, source.id, port, description);
}

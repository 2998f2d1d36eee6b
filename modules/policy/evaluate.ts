import { policyContext, type WorkspaceInfo } from './context';
import { RULES } from './rules';
import type { Finding, PolicyRule } from './types';

/** Runs every rule on every resource of one synthesized workspace; returns what did not hold. */
export function evaluateWorkspace(stack: Record<string, unknown>, info: WorkspaceInfo, rules: readonly PolicyRule[] = RULES): Finding[] {
  const context = policyContext(stack, info);
  const findings: Finding[] = [];
  for (const resource of context.resources) {
    for (const rule of rules) {
      if (!rule.resourceTypes.includes(resource.type)) continue;
      const result = rule.evaluate(resource, context);
      if (result.status === 'non-compliant') findings.push({ rule, workspace: info.workspace, resource, finding: result.finding });
    }
  }
  return findings;
}

/**
 * Waivers: a config file says "this rule does not apply here, because …". A waiver names a
 * rule, optionally a resource (a glob over the Terraform address or the construct path),
 * and a reason; it covers the workspaces of the file it is written in. A waiver that
 * matches no finding in those workspaces, names an unknown rule or names a rule that
 * cannot be waived is an error: stale exceptions must not pile up, and tenant isolation
 * has no exceptions. A file that covers no workspace yet (a tier no customer uses, a
 * repository without customers) leaves its waivers dormant.
 */
import picomatch from 'picomatch';
import type { Finding, PolicyRule } from './types';

export interface WaiverEntry {
  readonly rule: string;
  /** Glob over the resource address (`aws_s3_bucket.*`) or construct path (`customer-*\/customer/uploads/bucket`). */
  readonly resource?: string;
  readonly reason: string;
  /** Where it is written: repository-relative file and JSON path, for messages. */
  readonly file: string;
  readonly path: string;
  /** The workspaces it covers (those the file configures). */
  readonly workspaces: readonly string[];
}

export type WaiverProblemCode = 'policy.waiver-unknown-rule' | 'policy.waiver-not-waivable' | 'policy.waiver-unmatched';

export interface WaiverProblem {
  readonly code: WaiverProblemCode;
  readonly waiver: WaiverEntry;
}

export interface WaiverOutcome {
  readonly unwaived: readonly Finding[];
  /** Each waiver in use with the findings it covers, in input order. */
  readonly applied: readonly { readonly waiver: WaiverEntry; readonly rule: PolicyRule; readonly findings: readonly Finding[] }[];
  readonly problems: readonly WaiverProblem[];
}

function matcher(waiver: WaiverEntry): (f: Finding) => boolean {
  const workspaces = new Set(waiver.workspaces);
  const glob = waiver.resource === undefined ? undefined : picomatch(waiver.resource, { dot: true });
  return (f) => f.rule.id === waiver.rule && workspaces.has(f.workspace) && (!glob || glob(f.resource.address) || glob(f.resource.path));
}

/** Splits findings into waived and unwaived, and reports every waiver that is wrong. */
export function applyWaivers(findings: readonly Finding[], waivers: readonly WaiverEntry[], rules: readonly PolicyRule[]): WaiverOutcome {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const problems: WaiverProblem[] = [];
  const applied: { waiver: WaiverEntry; rule: PolicyRule; findings: Finding[] }[] = [];
  const waived = new Set<Finding>();
  for (const waiver of waivers) {
    const rule = byId.get(waiver.rule);
    if (!rule) {
      problems.push({ code: 'policy.waiver-unknown-rule', waiver });
      continue;
    }
    if (!rule.waivable) {
      problems.push({ code: 'policy.waiver-not-waivable', waiver });
      continue;
    }
    // A tier file's waiver while no customer is in that tier (or a fresh repository) covers nothing yet: dormant, not wrong.
    if (!waiver.workspaces.length) continue;
    const covered = findings.filter(matcher(waiver));
    if (!covered.length) {
      problems.push({ code: 'policy.waiver-unmatched', waiver });
      continue;
    }
    covered.forEach((f) => waived.add(f));
    applied.push({ waiver, rule, findings: covered });
  }
  return { unwaived: findings.filter((f) => !waived.has(f)), applied, problems };
}

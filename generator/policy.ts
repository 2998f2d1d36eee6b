/**
 * Runs the policy pack (modules/policy) on the synthesized JSON of every workspace, applies
 * the waivers written in the config files, and renders what users see: the failure (every
 * unwaived finding with workspace, resource, rule and fix), the waivers in force (printed on
 * every synth) and the Checkov configuration CI scans with.
 */
import { createHash } from 'node:crypto';
import { CHECKOV_DESIGN_CHOICES, type CheckovSkip, renderCheckovConfig } from '../modules/policy/checkov';
import { evaluateWorkspace } from '../modules/policy/evaluate';
import { RULES } from '../modules/policy/rules';
import type { Finding, PolicyRule, WorkspaceKind } from '../modules/policy/types';
import { applyWaivers, type WaiverEntry, type WaiverOutcome, type WaiverProblem } from '../modules/policy/waivers';
import { WORKSPACES } from '../modules/naming';
import { type LoadedConfig, PATHS, type SourcedWaiver } from './config/load';
import { ConfigError, type ConfigIssue, formatIssue } from './errors';

/** One synthesized workspace, as the pack sees it. */
export interface SynthesizedWorkspace {
  readonly workspace: string;
  readonly kind: WorkspaceKind;
  readonly customer?: string;
  /** The customer is marked `decommission: true`. */
  readonly decommissioning?: boolean;
  readonly stack: Record<string, unknown>;
}

export interface PolicyReport extends WaiverOutcome {
  /** Every finding, waived or not, in workspace order. */
  readonly findings: readonly Finding[];
  readonly workspaces: number;
  /** `generated/.checkov.yaml`. */
  readonly checkovConfig: string;
}

/** Where synth writes the Checkov configuration, relative to the output folder. */
export const CHECKOV_CONFIG = '.checkov.yaml';

type PolicyConfig = Pick<LoadedConfig, 'platform' | 'customers' | 'waivers'>;

function coveredWorkspaces(waiver: SourcedWaiver, config: PolicyConfig, all: readonly string[]): string[] {
  const customers = (pick: (tier: string, name: string) => boolean): string[] =>
    config.customers.filter((c) => pick(c.config.tier, c.config.name)).map((c) => WORKSPACES.customer(c.config.name));
  switch (waiver.scope.kind) {
    case 'every-workspace':
      return [...all];
    case 'every-customer':
      return customers(() => true);
    case 'tier': {
      const tier = waiver.scope.tier;
      return customers((t) => t === tier);
    }
    case 'customer': {
      const name = waiver.scope.name;
      return customers((_, n) => n === name);
    }
  }
}

function scopeText(waiver: WaiverEntry & { scope?: SourcedWaiver['scope'] }): string {
  const scope = waiver.scope;
  if (!scope) return 'the workspaces it covers';
  if (scope.kind === 'every-workspace') return 'any workspace';
  if (scope.kind === 'every-customer') return 'any customer workspace';
  if (scope.kind === 'tier') return `the workspaces of the ${scope.tier} tier's customers`;
  return `workspace ${WORKSPACES.customer(scope.name)}`;
}

/** The customer names the tenancy rules look for in every workspace, one array per config (their index is memoized by identity). */
const fleetNames = new WeakMap<PolicyConfig, readonly string[]>();
export function fleetCustomerNames(config: PolicyConfig): readonly string[] {
  let names = fleetNames.get(config);
  if (!names) fleetNames.set(config, (names = config.customers.map((c) => c.config.name)));
  return names;
}

/**
 * What a workspace's findings depend on besides its own synthesized JSON and the pack's
 * code: the names of every customer of the fleet (a string naming another customer is a
 * tenancy finding). The synth cache keeps findings under this digest.
 */
export function policyFleetDigest(config: PolicyConfig): string {
  return createHash('sha256')
    .update(JSON.stringify([config.platform.appName, config.platform.environment, fleetCustomerNames(config)]))
    .digest('hex');
}

/** The pack's findings on one workspace, waivers not applied; `customers` names every customer of the fleet. */
export function evaluateFindings(
  naming: { readonly appName: string; readonly environment: string },
  customers: readonly string[],
  w: SynthesizedWorkspace,
  rules: readonly PolicyRule[] = RULES,
): Finding[] {
  return evaluateWorkspace(
    w.stack,
    {
      workspace: w.workspace,
      kind: w.kind,
      customer: w.customer,
      decommissioning: w.decommissioning,
      customers,
      naming: { appName: naming.appName, environment: naming.environment },
    },
    rules,
  );
}

/** A finding as the synth cache stores it: the rule by id, the resource without its body. */
export interface StoredFinding {
  readonly rule: string;
  readonly type: string;
  readonly address: string;
  readonly path: string;
  readonly finding: string;
}

export const storeFindings = (findings: readonly Finding[]): StoredFinding[] =>
  findings.map((f) => ({ rule: f.rule.id, type: f.resource.type, address: f.resource.address, path: f.resource.path, finding: f.finding }));

/** Findings read back from the synth cache (whose key covers the pack's code, so every rule id is known). */
export function restoreFindings(stored: readonly StoredFinding[], workspace: string, rules: readonly PolicyRule[] = RULES): Finding[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  return stored.map((s) => {
    const rule = byId.get(s.rule);
    if (!rule) throw new Error(`synth cache: finding of unknown policy rule ${s.rule} in ${workspace}`);
    return { rule, workspace, resource: { type: s.type, address: s.address, path: s.path, body: {} }, finding: s.finding };
  });
}

/** Evaluates every workspace and applies the waivers; never throws for findings (see enforcePolicy). */
export function runPolicy(
  config: PolicyConfig,
  workspaces: readonly SynthesizedWorkspace[],
  rules: readonly PolicyRule[] = RULES,
): PolicyReport {
  return policyOutcome(
    config,
    workspaces.map((w) => w.workspace),
    workspaces.flatMap((w) => evaluateFindings(config.platform, fleetCustomerNames(config), w, rules)),
    rules,
  );
}

/**
 * Applies the waivers to the findings of the workspaces `names` (evaluated now or read
 * back from the synth cache) and renders the Checkov configuration.
 */
export function policyOutcome(
  config: PolicyConfig,
  names: readonly string[],
  findings: readonly Finding[],
  rules: readonly PolicyRule[] = RULES,
): PolicyReport {
  const entries = config.waivers.map((w) => ({ ...w, workspaces: coveredWorkspaces(w, config, names) }));
  const outcome = applyWaivers(findings, entries, rules);
  const skips: CheckovSkip[] = [
    ...CHECKOV_DESIGN_CHOICES,
    ...outcome.applied
      .filter((a) => a.rule.checkov)
      .map((a) => ({ checkov: a.rule.checkov!, reasons: [`${a.rule.id} (${a.waiver.file} ${a.waiver.path}): ${a.waiver.reason}`] })),
  ];
  const checkovConfig = renderCheckovConfig(
    skips,
    [
      'Generated by npm run synth; do not edit. Checkov skips exactly these checks: the platform design choices',
      '(modules/policy/checkov.ts) and the Checkov ids of the policy rules waived in customers/ (README: Policy pack).',
    ].join('\n'),
  );
  return { ...outcome, findings: [...findings], workspaces: names.length, checkovConfig };
}

function waiverIssue(problem: WaiverProblem, rules: readonly PolicyRule[]): ConfigIssue {
  const { waiver } = problem;
  const rule = rules.find((r) => r.id === waiver.rule);
  switch (problem.code) {
    case 'policy.waiver-unknown-rule':
      return {
        code: problem.code,
        file: waiver.file,
        path: `${waiver.path}.rule`,
        message: `no policy rule "${waiver.rule}"`,
        value: waiver.rule,
        allowed: 'the id of a rule of the pack (README: Policy pack, or npm run policy -- --rules)',
      };
    case 'policy.waiver-not-waivable':
      return {
        code: problem.code,
        file: waiver.file,
        path: `${waiver.path}.rule`,
        message: `${waiver.rule} is a tenant-isolation rule and cannot be waived (${rule?.description ?? ''})`,
        value: waiver.rule,
        allowed: `no waiver: fix the configuration instead. ${rule?.fix ?? ''}`.trim(),
      };
    case 'policy.waiver-unmatched':
      return {
        code: problem.code,
        file: waiver.file,
        path: waiver.path,
        message: `waiver of ${waiver.rule} matches no finding in ${scopeText(waiver)}`,
        value: waiver.resource === undefined ? { rule: waiver.rule } : { rule: waiver.rule, resource: waiver.resource },
        allowed:
          'a waiver only for a rule that fails: remove it if the rule now holds, or correct "resource" (a glob over addresses such as aws_db_instance.* or construct paths such as customer-acme/customer/database/*)',
      };
  }
}

/** Which config file a waiver for this workspace would go in. */
function waiverHome(workspace: string, config: PolicyConfig): string {
  const customer = config.customers.find((c) => WORKSPACES.customer(c.config.name) === workspace);
  return customer ? customer.file : PATHS.platform;
}

export function formatFinding(f: Finding, config: PolicyConfig): string {
  const { rule } = f;
  const waive = rule.waivable
    ? `add { "rule": "${rule.id}", "resource": "${f.resource.path || f.resource.address}", "reason": "<why, as a sentence>." } to "waivers" in ${waiverHome(f.workspace, config)}, if the rule truly does not apply`
    : 'not possible: tenant isolation has no exceptions';
  return [
    `${f.workspace}: ${f.resource.address}${f.resource.path ? ` (${f.resource.path})` : ''}`,
    `  rule:   ${rule.id} [${rule.severity}${rule.checkov ? `, Checkov ${rule.checkov}` : ''}] ${rule.description}`,
    `  found:  ${f.finding}`,
    `  fix:    ${rule.fix}`,
    `  waive:  ${waive}`,
  ].join('\n');
}

/** Raised when a finding is not waived or a waiver is wrong; printed without a stack trace, exit 1. */
export class PolicyError extends ConfigError {
  readonly findings: readonly Finding[];

  constructor(issues: readonly ConfigIssue[], findings: readonly Finding[], config: PolicyConfig) {
    super(issues);
    this.name = 'PolicyError';
    this.findings = findings;
    const parts: string[] = [];
    if (issues.length)
      parts.push(`${issues.length} invalid waiver${issues.length === 1 ? '' : 's'}:\n\n${issues.map(formatIssue).join('\n\n')}`);
    if (findings.length) {
      const workspaces = new Set(findings.map((f) => f.workspace)).size;
      parts.push(
        `${findings.length} policy finding${findings.length === 1 ? '' : 's'} not waived, in ${workspaces} workspace${workspaces === 1 ? '' : 's'}:\n\n${findings.map((f) => formatFinding(f, config)).join('\n\n')}`,
      );
    }
    this.message = `${parts.join('\n\n')}\n\nNothing was written.`;
  }
}

/** Throws PolicyError unless every finding is waived and every waiver is valid. */
export function enforcePolicy(report: PolicyReport, config: PolicyConfig, rules: readonly PolicyRule[] = RULES): void {
  if (!report.unwaived.length && !report.problems.length) return;
  throw new PolicyError(
    report.problems.map((p) => waiverIssue(p, rules)),
    report.unwaived,
    config,
  );
}

/** One line per waiver in force, printed on every synth. */
export function waiverLines(report: PolicyReport): string[] {
  return report.applied.map(
    (a) =>
      `waived ${a.rule.id} on ${a.findings.length} resource${a.findings.length === 1 ? '' : 's'} (${a.waiver.file} ${a.waiver.path}${a.waiver.resource ? `, resource ${a.waiver.resource}` : ''}): ${a.waiver.reason}`,
  );
}

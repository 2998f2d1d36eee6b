import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHECKOV_DESIGN_CHOICES } from '../../modules/policy/checkov';
import { RULES } from '../../modules/policy/rules';
import type { Finding } from '../../modules/policy/types';
import { applyWaivers, type WaiverEntry } from '../../modules/policy/waivers';
import { buildModel } from '../../generator/model';
import { PolicyError } from '../../generator/policy';
import { policyReport } from '../../generator/commands/policy';
import { cli } from '../helpers/cli';
import { REPO_ROOT, TempRepo } from '../helpers/repo';

const rule = (id: string) => RULES.find((r) => r.id === id)!;
const finding = (id: string, workspace: string, address: string, path: string): Finding => ({
  rule: rule(id),
  workspace,
  resource: { type: address.split('.')[0], address, path, body: {} },
  finding: 'found',
});
const waiver = (w: Partial<WaiverEntry>): WaiverEntry => ({
  rule: 'TW-RDS-005',
  reason: 'A reason that is a whole sentence.',
  file: 'customers/_tiers/small.json',
  path: 'waivers[0]',
  workspaces: ['customer-acme', 'customer-globex'],
  ...w,
});

describe('applyWaivers', () => {
  const primary = finding(
    'TW-RDS-005',
    'customer-acme',
    'aws_db_instance.customer_database_primary_2B916A69',
    'customer-acme/customer/database/primary',
  );
  const replica = finding(
    'TW-RDS-005',
    'customer-globex',
    'aws_db_instance.customer_database_replica-1_4B53ED4B',
    'customer-globex/customer/database/replica-1',
  );

  it('waives every finding of the rule in the workspaces the waiver covers', () => {
    const out = applyWaivers([primary, replica], [waiver({})], RULES);
    expect(out.unwaived).toEqual([]);
    expect(out.applied[0].findings).toEqual([primary, replica]);
    expect(out.problems).toEqual([]);
  });

  it('leaves findings of other workspaces alone', () => {
    const out = applyWaivers([primary, replica], [waiver({ workspaces: ['customer-acme'] })], RULES);
    expect(out.unwaived).toEqual([replica]);
  });

  it.each([
    ['construct path', 'customer-*/customer/database/replica-*'],
    ['Terraform address', 'aws_db_instance.customer_database_replica-*'],
  ])('scoped to a resource by a glob over the %s, waives only that resource', (_, resource) => {
    const out = applyWaivers([primary, replica], [waiver({ resource })], RULES);
    expect(out.unwaived).toEqual([primary]);
    expect(out.applied[0].findings).toEqual([replica]);
  });

  it('fails when a waiver matches nothing', () => {
    const out = applyWaivers([primary], [waiver({ resource: 'aws_db_instance.nothing_*' })], RULES);
    expect(out.problems.map((p) => p.code)).toEqual(['policy.waiver-unmatched']);
    expect(out.unwaived).toEqual([primary]);
  });

  it('fails when a waiver names a tenant-isolation rule, even if it would match', () => {
    const cross = finding('TW-TEN-001', 'customer-acme', 'aws_iam_role_policy.p', 'customer-acme/customer/roles/task/policy');
    const out = applyWaivers([cross], [waiver({ rule: 'TW-TEN-001' })], RULES);
    expect(out.problems.map((p) => p.code)).toEqual(['policy.waiver-not-waivable']);
    expect(out.unwaived).toEqual([cross]);
  });

  it('leaves a waiver whose file covers no workspace yet dormant (a tier no customer uses)', () => {
    const out = applyWaivers([primary], [waiver({ workspaces: [] })], RULES);
    expect(out.problems).toEqual([]);
    expect(out.unwaived).toEqual([primary]);
  });

  it('fails when a waiver names no rule of the pack', () => {
    const out = applyWaivers([primary], [waiver({ rule: 'TW-RDS-999' })], RULES);
    expect(out.problems.map((p) => p.code)).toEqual(['policy.waiver-unknown-rule']);
  });
});

describe('waivers in the config files', () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.dispose());

  it.each([
    ['missing', undefined, 'schema.required'],
    ['too short', 'Cheaper.', 'schema.pattern'],
    ['not a sentence', 'because the small tier is cheaper', 'schema.pattern'],
  ])('fails when the reason is %s', (_, reason, code) => {
    repo = new TempRepo().edit('customers/acme/config.json', (c) => {
      c.waivers = [{ rule: 'TW-RDS-005', ...(reason === undefined ? {} : { reason }) }];
    });
    const found = repo.rejection();
    expect(found).toEqual([
      expect.objectContaining({ code, file: 'customers/acme/config.json', path: expect.stringMatching(/^waivers\[0\]/) }),
    ]);
    if (code === 'schema.pattern') expect(found[0].allowed).toContain('at least 20 characters');
  });

  it('fails synth with workspace, resource, rule, finding and fix when a finding is not waived; nothing is written', () => {
    repo = new TempRepo().edit('customers/acme/config.json', (c) => {
      c.database = { multiAz: false };
    });
    let error: unknown;
    try {
      repo.synth();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const message = (error as Error).message;
    expect(message).toContain('1 policy finding not waived, in 1 workspace');
    expect(message).toContain(
      'customer-acme: aws_db_instance.customer_database_primary_2B916A69 (customer-acme/customer/database/primary)',
    );
    expect(message).toContain('rule:   TW-RDS-005 [medium, Checkov CKV_AWS_157]');
    expect(message).toContain('found:  multi_az is not true');
    expect(message).toContain('fix:    Set database.multiAz = true');
    expect(message).toContain('to "waivers" in customers/acme/config.json');
    expect(existsSync(repo.path('generated'))).toBe(false);
  });

  it('a resource-scoped waiver in the customer file lets it through, is printed, and reaches the Checkov config', async () => {
    repo = new TempRepo().edit('customers/acme/config.json', (c) => {
      c.database = { multiAz: false };
      c.waivers = [
        ...c.waivers,
        {
          rule: 'TW-RDS-005',
          resource: 'customer-acme/customer/database/primary',
          reason: 'Acme accepts a single-AZ database during its trial month.',
        },
      ];
    });
    const model = repo.model();
    const report = await policyReport(model);
    expect(report.unwaived).toEqual([]);
    expect(
      report.applied
        .find((a) => a.waiver.rule === 'TW-RDS-005' && a.waiver.file === 'customers/acme/config.json')
        ?.findings.map((f) => f.workspace),
    ).toEqual(['customer-acme']);
    expect(report.checkovConfig).toContain(
      '# TW-RDS-005 (customers/acme/config.json waivers[1]): Acme accepts a single-AZ database during its trial month.',
    );
  });

  it('fails when a customer waiver matches nothing, naming the file and the waiver', () => {
    repo = new TempRepo().edit('customers/globex/config.json', (c) => {
      c.waivers = [{ rule: 'TW-REDIS-004', reason: 'Globex runs a single cache node on purpose.' }];
    });
    let error: unknown;
    try {
      repo.synth();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PolicyError);
    expect((error as PolicyError).issues).toEqual([
      expect.objectContaining({ code: 'policy.waiver-unmatched', file: 'customers/globex/config.json', path: 'waivers[0]' }),
    ]);
    expect((error as Error).message).toContain('waiver of TW-REDIS-004 matches no finding in workspace customer-globex');
  });

  it('fails when a waiver names a tenant-isolation rule', () => {
    repo = new TempRepo().edit('customers/_platform.json', (p) => {
      p.waivers = [...p.waivers, { rule: 'TW-TEN-004', reason: 'Shared secrets are fine for us, really.' }];
    });
    expect(() => repo!.synth()).toThrow(/TW-TEN-004 is a tenant-isolation rule and cannot be waived/);
  });

  it('the CLI prints the failure without a stack trace and exits 1', async () => {
    repo = new TempRepo().edit('customers/acme/config.json', (c) => {
      c.database = { multiAz: false };
    });
    const result = await cli(['--root', repo.root, 'synth']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('rule:   TW-RDS-005');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the Checkov configuration', () => {
  it('skips exactly the design choices and the Checkov ids of the waived rules', async () => {
    const committed = parse(readFileSync(join(REPO_ROOT, 'generated', '.checkov.yaml'), 'utf8')) as {
      'skip-check': string[];
      framework: string[];
    };
    const report = await policyReport(buildModel(REPO_ROOT));
    const waived = report.applied.map((a) => a.rule.checkov).filter((id): id is string => id !== undefined);
    expect([...committed['skip-check']].sort()).toEqual([...new Set([...CHECKOV_DESIGN_CHOICES.map((c) => c.checkov), ...waived])].sort());
    expect(committed.framework).toEqual(['terraform_json']);
  });

  it('is what the CI workflow passes to Checkov', () => {
    const ci = readFileSync(join(REPO_ROOT, '.github', 'workflows', 'ci.yml'), 'utf8');
    expect(ci).toMatch(/checkov --config-file generated\/\.checkov\.yaml --directory generated\/stacks/);
    expect(ci).not.toMatch(/--skip-check/);
  });
});

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../generator/errors';
import { planCheckCommand, planCommentCommand } from '../../generator/ci/ci-commands';
import { renderDriftIssue } from '../../generator/ci/drift-issue';
import { classifyPlan, type TerraformPlanJson } from '../../generator/ci/plan-classify';
import { PLAN_COMMENT_MARKER, renderPlanComment, type WorkspacePlan } from '../../generator/ci/plan-comment';
import type { ChangedReport, ChangedWorkspace } from '../../generator/ci/changed-report';
import { changedCustomer } from '../helpers/changed-workspace';
import type { CostDiff } from '../../generator/cost/diff';
import { REPO_ROOT } from '../helpers/repo';

/** Real `terraform show` output from test/fixtures/plans (regenerate: npm run fixtures:plans). */
const FIXTURES = join(__dirname, '..', 'fixtures', 'plans');
const SCENARIOS = ['create', 'no-changes', 'replace'] as const;
type Scenario = (typeof SCENARIOS)[number];
const planJson = (s: Scenario): TerraformPlanJson => JSON.parse(readFileSync(join(FIXTURES, `${s}.json`), 'utf8'));
const planText = (s: Scenario): string => readFileSync(join(FIXTURES, `${s}.txt`), 'utf8');

const customer = changedCustomer;
const PLATFORM: ChangedWorkspace = {
  workspace: 'platform',
  change: 'modified',
  kind: 'platform',
  wave: -1,
  stateKey: 'platform/terraform.tfstate',
};
const BOOTSTRAP: ChangedWorkspace = { workspace: 'bootstrap', change: 'modified', kind: 'bootstrap', wave: -2 };

/** The README example's estimates: acme's uploads bucket (20 GB and its requests, $1.36) leaves; nothing else moves. */
const README_COST: CostDiff = {
  base: 'origin/main',
  region: 'eu-west-1',
  pricesDate: '2025-06-01',
  workspaces: [
    { workspace: 'bootstrap', beforeUsd: 1.36, afterUsd: 1.36 },
    { workspace: 'customer-acme', customer: 'acme', beforeUsd: 294.13, afterUsd: 292.77 },
    { workspace: 'customer-globex', customer: 'globex', beforeUsd: 1574.59, afterUsd: 1574.59 },
  ],
  fleet: { beforeUsd: 2271.91, afterUsd: 2270.55 },
};

/** What a plan job leaves for a scenario: changes present exit 2, none exit 0. */
function planned(workspace: ChangedWorkspace, s: Scenario): WorkspacePlan {
  return { workspace, exitCode: s === 'no-changes' ? 0 : 2, plan: planJson(s), text: planText(s) };
}

describe('classifyPlan on real terraform show -json output', () => {
  it.each(SCENARIOS)('counts %s exactly as Terraform summarizes it', (s) => {
    const line = /Plan: (\d+) to add, (\d+) to change, (\d+) to destroy\./.exec(planText(s));
    const [add, change, destroy] = line ? line.slice(1).map(Number) : [0, 0, 0];
    expect(classifyPlan(planJson(s))).toMatchObject({ add, change, destroy });
  });

  it('flags the database replacement and the bucket deletion, not the log group or topic', () => {
    expect(classifyPlan(planJson('replace')).dataLoss).toEqual([
      { address: 'aws_db_instance.database', type: 'aws_db_instance', action: 'replace' },
      { address: 'aws_s3_bucket.uploads', type: 'aws_s3_bucket', action: 'delete' },
    ]);
    expect(classifyPlan(planJson('create')).dataLoss).toEqual([]);
  });
});

describe('renderPlanComment', () => {
  it('renders one table row per workspace and each plan collapsed, marked for updating', () => {
    const { markdown, blocked, failed } = renderPlanComment(
      [planned(customer('global', { wave: 0, change: 'added' }), 'create'), planned(customer('acme'), 'no-changes')],
      { commit: 'abcdef1234567890', runUrl: 'https://github.com/o/r/actions/runs/1' },
    );

    expect(markdown.startsWith(`${PLAN_COMMENT_MARKER}\n### Terraform plan of \`abcdef123456\`: 2 workspaces changed`)).toBe(true);
    expect(markdown).toContain('| workspace | add | change | destroy | flags |');
    expect(markdown).toContain('| `customer-global` (added, wave 0) | 3 | 0 | 0 |  |');
    expect(markdown).toContain('| `customer-acme` (modified, wave 1) | 0 | 0 | 0 |  |');
    expect(markdown).toContain('<details><summary><code>customer-global</code>: 3 to add, 0 to change, 0 to destroy</summary>');
    expect(markdown).toContain('<details><summary><code>customer-acme</code>: no changes</summary>');
    expect(markdown).toContain('# aws_db_instance.database will be created');
    expect(markdown).toContain('✅ No database, cache, bucket or state resource is destroyed or replaced.');
    expect(markdown).toContain('[workflow run](https://github.com/o/r/actions/runs/1)');
    expect({ blocked, failed }).toEqual({ blocked: [], failed: [] });
  });

  it('fails when a customer would lose its database or bucket without decommission', () => {
    const { markdown, blocked } = renderPlanComment([planned(customer('acme'), 'replace')]);

    expect(blocked).toEqual(['customer-acme']);
    expect(markdown).toContain(
      '| `customer-acme` (modified, wave 1) | 2 | 1 | 2 | ⛔ destroys data: `aws_db_instance.database` (replace), `aws_s3_bucket.uploads` (delete) |',
    );
    expect(markdown).toContain('❌ **This check fails:**');
    expect(markdown).toContain('first merge `"decommission": true` in `customers/acme/config.json`');
  });

  it('passes the same plan when the customer is being decommissioned', () => {
    const { markdown, blocked } = renderPlanComment([planned(customer('acme', { decommission: true }), 'replace')]);

    expect(blocked).toEqual([]);
    expect(markdown).toContain('⚠️ destroys data, allowed by `decommission: true`: `aws_db_instance.database` (replace)');
    expect(markdown).not.toContain('This check fails');
  });

  it('fails when the platform would lose data: it has no decommission switch', () => {
    const { markdown, blocked } = renderPlanComment([planned(PLATFORM, 'replace')]);

    expect(blocked).toEqual(['platform']);
    expect(markdown).toContain('platform has no decommission switch');
  });

  it('fails when a plan failed or left no result, and shows the error output', () => {
    const { markdown, failed } = renderPlanComment([
      { workspace: customer('acme'), exitCode: 1, text: 'Error: No valid credential sources found' },
      { workspace: customer('globex', { wave: 2 }) },
    ]);

    expect(failed).toEqual(['customer-acme', 'customer-globex']);
    expect(markdown).toContain('| `customer-acme` (modified, wave 1) | – | – | – | ❌ plan failed |');
    expect(markdown).toContain('| `customer-globex` (modified, wave 2) | – | – | – | ❌ no plan result |');
    expect(markdown).toContain('Error: No valid credential sources found');
  });

  it('lists a local-state workspace as applied by hand, without failing', () => {
    const { markdown, failed, blocked } = renderPlanComment([{ workspace: BOOTSTRAP }]);

    expect(markdown).toContain(
      '| `bootstrap` (modified) | – | – | – | ✋ local state: not planned in CI, apply by hand (`generated/stacks/bootstrap/README.md`) |',
    );
    expect({ failed, blocked }).toEqual({ failed: [], blocked: [] });
  });

  it("is what README.md's Pull requests section shows", () => {
    const { markdown } = renderPlanComment(
      [{ workspace: BOOTSTRAP }, planned(customer('acme'), 'replace'), planned(customer('globex', { wave: 2 }), 'no-changes')],
      { commit: '3f9c2d1e8a7b6c5d4e3f2a1b', runUrl: 'https://github.com/example/tenant-workspaces/actions/runs/123456', cost: README_COST },
    );

    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain(markdown);
  });

  it('says there is nothing to plan when no workspace changed', () => {
    expect(renderPlanComment([]).markdown).toContain('No generated workspace differs from the base branch: nothing to plan.');
  });

  it("stays within GitHub's 65,536-character limit by truncating long plans", () => {
    const huge = `${planText('replace')}${'  ~ resource changed\n'.repeat(20_000)}`;
    const plans = ['a', 'b', 'c'].map((n) => ({ ...planned(customer(n), 'create'), text: huge }));

    const { markdown } = renderPlanComment(plans);

    expect(markdown.length).toBeLessThanOrEqual(65_536);
    expect(markdown.match(/… truncated: the full output is in the workflow run's artifacts/g)).toHaveLength(3);
    expect(markdown).toContain('| `customer-c` (modified, wave 1) | 3 | 0 | 0 |  |');
  });
});

describe('CI commands over downloaded artifacts', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tw-plan-artifacts-'));
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Lays out plans/plan-<workspace>/ as actions/download-artifact does, plus changed.json. */
  function artifacts(report: ChangedReport, scenarios: Record<string, Scenario>): void {
    writeFileSync(join(dir, 'changed.json'), JSON.stringify(report));
    for (const [workspace, s] of Object.entries(scenarios)) {
      const folder = join(dir, 'plans', `plan-${workspace}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'plan.json'), readFileSync(join(FIXTURES, `${s}.json`)));
      writeFileSync(join(folder, 'plan.txt'), planText(s));
      writeFileSync(join(folder, 'exitcode'), `${s === 'no-changes' ? 0 : 2}\n`);
    }
  }

  const report = (changed: ChangedWorkspace[], removed: ChangedWorkspace[] = []): ChangedReport => ({
    base: 'origin/main',
    baseCommit: 'f'.repeat(40),
    changed,
    removed,
  });

  it('plan-comment writes the comment and exits 1 on unapproved data loss of a removed customer', () => {
    artifacts(report([customer('acme')], [customer('initech', { change: 'removed' })]), {
      'customer-acme': 'create',
      'customer-initech': 'replace',
    });

    const result = planCommentCommand({ changed: join(dir, 'changed.json'), plans: join(dir, 'plans'), out: join(dir, 'comment.md') });

    expect(result).toEqual({ exitCode: 1, summary: 'customer-initech: destroys data without decommission' });
    expect(readFileSync(join(dir, 'comment.md'), 'utf8')).toContain(
      '| `customer-initech` (removed, wave 1) | 2 | 1 | 2 | ⛔ destroys data',
    );
  });

  it('plan-comment exits 0 when every plan is safe', () => {
    artifacts(report([customer('acme')]), { 'customer-acme': 'create' });

    expect(
      planCommentCommand({ changed: join(dir, 'changed.json'), plans: join(dir, 'plans'), out: join(dir, 'comment.md') }).exitCode,
    ).toBe(0);
  });

  it('plan-check refuses an apply that destroys data unless the customer is decommissioned', () => {
    artifacts(report([customer('acme'), customer('globex', { decommission: true })]), {});
    const plan = join(FIXTURES, 'replace.json');

    const refused = planCheckCommand({ changed: join(dir, 'changed.json'), workspace: 'customer-acme', plan });
    const allowed = planCheckCommand({ changed: join(dir, 'changed.json'), workspace: 'customer-globex', plan });

    expect(refused.exitCode).toBe(1);
    expect(refused.summary).toContain(
      'refusing to apply: it would destroy data and customers/acme/config.json does not say "decommission": true',
    );
    expect(allowed).toMatchObject({ exitCode: 0, summary: expect.stringContaining('destroys data, allowed by decommission: true') });
  });

  it('fails when plan-check is given a workspace the report does not list', () => {
    artifacts(report([customer('acme')]), {});

    expect(() =>
      planCheckCommand({ changed: join(dir, 'changed.json'), workspace: 'customer-nope', plan: join(FIXTURES, 'create.json') }),
    ).toThrow(UsageError);
    expect(() =>
      planCheckCommand({ changed: join(dir, 'changed.json'), workspace: 'customer-nope', plan: join(FIXTURES, 'create.json') }),
    ).toThrow(/no workspace "customer-nope"\n {2}allowed: {2}one of customer-acme/);
  });

  it('fails when changed.json is not the output of changed --json', () => {
    writeFileSync(join(dir, 'changed.json'), '{"workspaces": {}}');

    expect(() => planCommentCommand({ changed: join(dir, 'changed.json'), plans: dir, out: join(dir, 'c.md') })).toThrow(
      /changed\.json: changed, removed: missing\n {2}allowed: {2}the output of npm run -s changed/,
    );
  });
});

describe('renderDriftIssue', () => {
  it('lists drifted and unplannable workspaces with their counts', () => {
    const issue = renderDriftIssue([
      { workspace: PLATFORM, exitCode: 0, plan: planJson('no-changes'), text: planText('no-changes') },
      { workspace: customer('acme'), exitCode: 2, plan: planJson('replace'), text: planText('replace') },
      { workspace: customer('globex'), exitCode: 1, text: 'Error: AccessDenied' },
    ]);

    expect({ drifted: issue.drifted, failed: issue.failed }).toEqual({ drifted: ['customer-acme'], failed: ['customer-globex'] });
    expect(issue.markdown).toContain('1 of 3 workspaces differ from their committed configuration, 1 could not be planned');
    expect(issue.markdown).toContain('| `customer-acme` | drifted | 2 | 1 | 2 |');
    expect(issue.markdown).toContain('| `customer-globex` | ❌ plan failed | – | – | – |');
    expect(issue.markdown).not.toContain('`platform`');
  });

  it('says there is no drift when every plan is empty', () => {
    const issue = renderDriftIssue([{ workspace: PLATFORM, exitCode: 0, plan: planJson('no-changes') }]);

    expect(issue.markdown).toContain('No drift: all 1 workspaces match their committed configuration.');
    expect(issue.drifted).toEqual([]);
  });
});

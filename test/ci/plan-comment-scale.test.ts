import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changedCustomer } from '../helpers/changed-workspace';
import type { TerraformPlanJson } from '../../generator/ci/plan-classify';
import { renderDriftIssue } from '../../generator/ci/drift-issue';
import { renderPlanComment, type WorkspacePlan } from '../../generator/ci/plan-comment';
import type { CostDiff } from '../../generator/cost/diff';

/** Real `terraform show` output from test/fixtures/plans: 3 creations; a database replaced and a bucket deleted; nothing. */
const FIXTURES = join(__dirname, '..', 'fixtures', 'plans');
const fixture = (s: string): { plan: TerraformPlanJson; text: string } => ({
  plan: JSON.parse(readFileSync(join(FIXTURES, `${s}.json`), 'utf8')),
  text: readFileSync(join(FIXTURES, `${s}.txt`), 'utf8'),
});
const CREATE = fixture('create');
const REPLACE = fixture('replace');
const NONE = fixture('no-changes');

const LIMIT = 65_536;

const customer = changedCustomer;

type Kind = 'changes' | 'unchanged' | 'blocked' | 'allowed' | 'failed';

function plan(name: string, kind: Kind): WorkspacePlan {
  const workspace = customer(name, { decommission: kind === 'allowed' });
  switch (kind) {
    case 'changes':
      return { workspace, exitCode: 2, ...CREATE };
    case 'unchanged':
      return { workspace, exitCode: 0, ...NONE };
    case 'blocked':
    case 'allowed':
      return { workspace, exitCode: 2, ...REPLACE };
    case 'failed':
      return { workspace, exitCode: 1, text: `Error: No valid credential sources found for ${name}\n${'  detail line\n'.repeat(50)}` };
  }
}

/** `count` workspaces named customer-<prefix><n> of one kind. */
const many = (kind: Kind, count: number, prefix: string = kind): WorkspacePlan[] =>
  Array.from({ length: count }, (_, i) => plan(`${prefix}${String(i).padStart(4, '0')}`, kind));

const BOOTSTRAP: WorkspacePlan = { workspace: { workspace: 'bootstrap', change: 'modified', kind: 'bootstrap', wave: -2 } };
const RUN_URL = 'https://github.com/example/tenant-workspaces/actions/runs/123456';

const COST: CostDiff = {
  base: 'origin/main',
  region: 'eu-west-1',
  pricesDate: '2025-06-01',
  workspaces: Array.from({ length: 1000 }, (_, i) => ({ workspace: `customer-c${i}`, beforeUsd: 100 + i, afterUsd: 101 + i })),
  fleet: { beforeUsd: 600_000, afterUsd: 601_000 },
};

/** Whether the comment names `workspace` as a code span (a table row, a list or a verdict). */
const names = (markdown: string, workspace: string): boolean => markdown.includes(`\`${workspace}\``);

/** Workspaces the comment names, plus those it counts as "… and N more". */
function accounted(markdown: string, workspaces: readonly string[]): number {
  const named = workspaces.filter((w) => names(markdown, w)).length;
  const counted = [...markdown.matchAll(/… and (\d+) more/g)].reduce((n, m) => n + Number(m[1]), 0);
  return named + counted;
}

describe('the plan comment of a fleet-wide change', () => {
  it('stays within 65,536 characters for 1,000 workspaces and names every one that destroys data or failed', () => {
    // GIVEN a tier edit planned for 1,000 workspaces: most add resources or change nothing; some replace a database
    // (60 without decommission, 20 being decommissioned), 15 plans failed, and the bootstrap is applied by hand
    const plans = [
      BOOTSTRAP,
      ...many('changes', 600),
      ...many('unchanged', 304),
      ...many('blocked', 60),
      ...many('allowed', 20),
      ...many('failed', 15),
    ];
    expect(plans).toHaveLength(1000);

    // WHEN the comment is rendered, with the cost section and the run link
    const { markdown, blocked, failed } = renderPlanComment(plans, { commit: 'abcdef1234567890', runUrl: RUN_URL, cost: COST });

    // THEN it fits, fails the check naming each problem, and names every workspace that loses data
    expect(markdown.length).toBeLessThanOrEqual(LIMIT);
    expect(blocked).toEqual(many('blocked', 60).map((p) => p.workspace.workspace));
    expect(failed).toEqual(many('failed', 15).map((p) => p.workspace.workspace));
    expect(markdown).toContain('❌ **This check fails:**');
    for (const p of [...many('blocked', 60), ...many('allowed', 20), ...many('failed', 15), BOOTSTRAP])
      expect(names(markdown, p.workspace.workspace), p.workspace.workspace).toBe(true);
    // The table keeps their rows, with the data stores each would lose
    expect(markdown).toContain(
      '| `customer-blocked0059` (modified, wave 1) | 2 | 1 | 2 | ⛔ destroys data: `aws_db_instance.database` (replace), `aws_s3_bucket.uploads` (delete) |',
    );
    expect(markdown).toContain(
      '| `customer-allowed0000` (modified, wave 1) | 2 | 1 | 2 | ⚠️ destroys data, allowed by `decommission: true`',
    );
    // ... the others are grouped by their counts, every one named or counted
    expect(markdown).toContain('**904 more workspaces, no data store destroyed or replaced:**');
    expect(markdown).toMatch(/^- 3 to add, 0 to change, 0 to destroy \(600\): `customer-changes0000`, /m);
    expect(markdown).toMatch(/^- no changes \(304\): `customer-unchanged0000`, /m);
    expect(
      accounted(
        markdown,
        [...many('changes', 600), ...many('unchanged', 304)].map((p) => p.workspace.workspace),
      ),
    ).toBe(904);
    expect(markdown).not.toContain('| `customer-changes0000`');
    // ... the cost section and the pointer to the artifacts survive
    expect(markdown).toContain('**Monthly estimate**');
    expect(markdown).toContain(`Full plans: [workflow run](${RUN_URL}) (artifacts \`plan-slice-*\``);
    // ... and the plans shown first are those of the failed and data-destroying workspaces
    const shown = [...markdown.matchAll(/<details><summary><code>([^<]+)<\/code>/g)].map((m) => m[1]);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((w) => /customer-(failed|blocked|allowed)/.test(w))).toBe(true);
    expect(markdown).toMatch(/\d+ more plans are not shown here, to stay within GitHub's comment size\./);
  });

  it('names all 1,000 workspaces when every one of them would replace its database', () => {
    const platform: WorkspacePlan = {
      workspace: { workspace: 'platform', change: 'modified', kind: 'platform', wave: -1, stateKey: 'platform/terraform.tfstate' },
      exitCode: 2,
      ...REPLACE,
    };
    const plans = [platform, ...many('blocked', 999)];

    const { markdown, blocked } = renderPlanComment(plans, { runUrl: RUN_URL });

    expect(markdown.length).toBeLessThanOrEqual(LIMIT);
    expect(blocked).toHaveLength(1000);
    for (const p of plans) expect(names(markdown, p.workspace.workspace), p.workspace.workspace).toBe(true);
    expect(markdown).toContain('1000 workspace(s) would destroy or replace a database, cache, bucket or state resource');
    expect(markdown).toContain('first merge `"decommission": true` in its `customers/<name>/config.json`');
    expect(markdown).toContain('platform has no decommission switch: change the code so the resources are kept.');
  });

  it('names all 1,000 workspaces being decommissioned, and passes', () => {
    const plans = many('allowed', 1000, 'a-rather-long-customer-name-');

    const { markdown, blocked, failed } = renderPlanComment(plans);

    expect(markdown.length).toBeLessThanOrEqual(LIMIT);
    expect({ blocked, failed }).toEqual({ blocked: [], failed: [] });
    for (const p of plans) expect(names(markdown, p.workspace.workspace), p.workspace.workspace).toBe(true);
    expect(markdown).toContain('✅ No database, cache, bucket or state resource is destroyed or replaced.');
    expect(markdown).toContain('- ⚠️ destroys data, allowed by `decommission: true` (1000): ');
  });

  it('names every one of 1,000 benign workspaces when their names fit, and counts the rest when they do not', () => {
    const short = many('changes', 1000, 'c');
    const fitting = renderPlanComment(short).markdown;
    expect(fitting.length).toBeLessThanOrEqual(LIMIT);
    expect(short.every((p) => names(fitting, p.workspace.workspace))).toBe(true);
    expect(fitting).toContain('✅ No database, cache, bucket or state resource is destroyed or replaced.');

    const long = many('changes', 1000, 'customer-with-a-very-long-name-'.repeat(3));
    const counted = renderPlanComment(long).markdown;
    expect(counted.length).toBeLessThanOrEqual(LIMIT);
    expect(counted).toMatch(/… and \d+ more \(in the run's artifacts\)/);
    expect(
      accounted(
        counted,
        long.map((p) => p.workspace.workspace),
      ),
    ).toBe(1000);
  });

  it('keeps the full table while it fits, shortening only the plans', () => {
    const plans = [...many('changes', 150), ...many('blocked', 2)];

    const { markdown } = renderPlanComment(plans, { runUrl: RUN_URL });

    expect(markdown.length).toBeLessThanOrEqual(LIMIT);
    for (const p of plans) expect(markdown).toContain(`| \`${p.workspace.workspace}\` (modified, wave `);
    expect(markdown).not.toContain('more workspaces, no data store destroyed or replaced');
    expect(markdown).toContain("… truncated: the full output is in the workflow run's artifacts");
  });
});

describe('the drift issue of a fleet', () => {
  it('stays within 65,536 characters and names every drifted or unplannable workspace of 1,000', () => {
    const drifted = many('blocked', 980, 'drifted-customer-with-a-long-name-');
    const failed = many('failed', 20);

    const issue = renderDriftIssue([...drifted, ...failed], { runUrl: RUN_URL });

    expect(issue.markdown.length).toBeLessThanOrEqual(LIMIT);
    expect(issue.drifted).toHaveLength(980);
    expect(issue.failed).toHaveLength(20);
    for (const p of [...drifted, ...failed]) expect(names(issue.markdown, p.workspace.workspace), p.workspace.workspace).toBe(true);
    expect(issue.markdown).toContain('- drifted (980): ');
    expect(issue.markdown).toMatch(/\d+ more plans are not shown here: they are in the run's artifacts\./);
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, STACK_TRACE } from '../helpers/cli';
import { TempRepo } from '../helpers/repo';

let repo: TempRepo;
afterEach(() => repo?.dispose());

const changed = {
  base: 'main',
  baseCommit: '0'.repeat(40),
  changed: [{ workspace: 'customer-acme', kind: 'customer', customer: 'acme', wave: 1, change: 'modified', decommission: false }],
  removed: [],
};

/** A plan file cut off mid-write, one that is JSON but not a plan, one with a broken resource change. */
const BROKEN_PLANS: [string, string, string][] = [
  ['truncated', '{"format_version":"1.2","resource_changes":[{"address":"aws_db_in', '(root): malformed JSON'],
  ['not an object', '[1,2]', '(root): not a JSON object'],
  [
    'a broken resource change',
    '{"resource_changes":[{"address":"aws_db_instance.x","type":"aws_db_instance"}]}',
    'resource_changes[0]: needs',
  ],
];

describe('CI commands fail cleanly on malformed plans', () => {
  it.each(BROKEN_PLANS)('plan-check: %s plan → exit 1, file named, no stack trace', async (_what, text, expected) => {
    repo = new TempRepo();
    repo.write('changed.json', changed).write('plan.json', text);
    const r = await cli(['plan-check', repo.path('plan.json'), '--changed', repo.path('changed.json'), '--workspace', 'customer-acme']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${repo.path('plan.json')}: ${expected}`);
    expect(r.stderr).toContain('allowed:  the output of terraform show -json <planfile>');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it.each(BROKEN_PLANS)('plan-comment: %s plan → exit 1, no stack trace', async (_what, text, expected) => {
    repo = new TempRepo();
    repo.write('changed.json', changed).write('plans/plan-customer-acme/plan.json', text).write('plans/plan-customer-acme/exitcode', '2');
    const r = await cli([
      'plan-comment',
      '--changed',
      repo.path('changed.json'),
      '--plans',
      repo.path('plans'),
      '--out',
      repo.path('comment.md'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(expected);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('plan-comment: a changed report with a broken entry → exit 1, no stack trace', async () => {
    repo = new TempRepo();
    repo.write('changed.json', { ...changed, changed: [null] });
    mkdirSync(repo.path('plans'));
    const r = await cli([
      'plan-comment',
      '--changed',
      repo.path('changed.json'),
      '--plans',
      repo.path('plans'),
      '--out',
      repo.path('c.md'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('changed[0]: needs workspace and wave');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('drift-report: a truncated drift plan → exit 1, no stack trace', async () => {
    repo = new TempRepo();
    repo.synth();
    mkdirSync(repo.path('drift/drift-platform'), { recursive: true });
    writeFileSync(join(repo.path('drift/drift-platform'), 'plan.json'), '{"resource_changes": [');
    const r = await cli(['--root', repo.root, 'drift-report', '--plans', repo.path('drift'), '--out', repo.path('drift.md')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('drift-platform/plan.json: (root): malformed JSON');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});

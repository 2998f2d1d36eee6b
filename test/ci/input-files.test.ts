import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { driftReportCommand, planCheckCommand, planCommentCommand } from '../../generator/ci/ci-commands';
import { changedWorkspaces } from '../../generator/commands/changed';
import { costOfGenerated } from '../../generator/commands/cost';
import { costDiff } from '../../generator/cost/diff';
import { type ConfigIssue, EXPECTED_FILES, UsageError } from '../../generator/errors';
import { cli, STACK_TRACE } from '../helpers/cli';
import { TempRepo } from '../helpers/repo';

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.dispose();
  repo = undefined;
});

const changed = {
  base: 'main',
  baseCommit: '0'.repeat(40),
  changed: [
    {
      workspace: 'customer-acme',
      kind: 'customer',
      customer: 'acme',
      wave: 1,
      stateKey: 'customers/acme.tfstate',
      change: 'modified',
      decommission: false,
    },
  ],
  removed: [],
};
const PLAN = JSON.stringify({ format_version: '1.2', resource_changes: [] });
const COST = { base: 'main', region: 'eu-west-1', pricesDate: '2026-01-01', workspaces: [], fleet: { beforeUsd: 1, afterUsd: 2 } };

/** The one issue a command failed with (it must fail with a UsageError, never anything else). */
function issueOf(run: () => unknown): ConfigIssue {
  try {
    run();
  } catch (err) {
    if (err instanceof UsageError) return err.issues[0];
    throw err;
  }
  throw new Error('expected a UsageError');
}

/** A temp repo with changed.json and one complete plan artifact for customer-acme, for the file at `rel` to be spoiled. */
function withArtifacts(): TempRepo {
  const r = new TempRepo();
  r.write('changed.json', changed)
    .write('plans/plan-customer-acme/plan.json', PLAN)
    .write('plans/plan-customer-acme/plan.txt', 'No changes.\n')
    .write('plans/plan-customer-acme/exitcode', '2\n')
    .write('cost.json', COST);
  return r;
}

const comment = (r: TempRepo, extra: Partial<Parameters<typeof planCommentCommand>[0]> = {}) =>
  planCommentCommand({ changed: r.path('changed.json'), plans: r.path('plans'), out: r.path('comment.md'), ...extra });

/** Replaces the file at `rel` by a directory of that name. */
function makeDirectory(r: TempRepo, rel: string): void {
  r.remove(rel);
  mkdirSync(r.path(rel), { recursive: true });
}

describe('CI commands fail cleanly, naming the file, on every way an input file can be wrong', () => {
  it.each([
    ['plan.json', EXPECTED_FILES.planJson],
    ['plan.txt', EXPECTED_FILES.planText],
    ['exitcode', EXPECTED_FILES.planExitCode],
  ])('plan-comment: a directory where the artifact holds %s', (name, expected) => {
    repo = withArtifacts();
    makeDirectory(repo, `plans/plan-customer-acme/${name}`);
    expect(issueOf(() => comment(repo!))).toEqual({
      code: 'file.not-a-file',
      file: repo.path(`plans/plan-customer-acme/${name}`),
      path: '(root)',
      message: 'is a directory, expected a file',
      allowed: expected,
    });
  });

  it('plan-comment: a named pipe as plan.json is refused without being opened (it would wait forever)', () => {
    repo = withArtifacts();
    repo.remove('plans/plan-customer-acme/plan.json');
    execFileSync('mkfifo', [repo.path('plans/plan-customer-acme/plan.json')]);
    expect(issueOf(() => comment(repo!))).toMatchObject({ code: 'file.not-a-file', message: 'is a named pipe (FIFO), expected a file' });
  });

  it('plan-comment: an empty plan.json is file.empty; an empty or garbled exit code is plan.bad-exit-code, never "no changes"', () => {
    repo = withArtifacts().write('plans/plan-customer-acme/plan.json', '');
    expect(issueOf(() => comment(repo!))).toMatchObject({
      code: 'file.empty',
      file: repo.path('plans/plan-customer-acme/plan.json'),
      allowed: EXPECTED_FILES.planJson,
    });
    for (const text of ['', '\n', 'two', '2; rm -rf /', '-1']) {
      repo.write('plans/plan-customer-acme/plan.json', PLAN).write('plans/plan-customer-acme/exitcode', text);
      expect(issueOf(() => comment(repo!))).toMatchObject({
        code: 'plan.bad-exit-code',
        file: repo.path('plans/plan-customer-acme/exitcode'),
        value: text,
      });
    }
    // A missing artifact is still what it always was: the workspace's plan failed.
    repo.remove('plans/plan-customer-acme');
    expect(comment(repo).exitCode).toBe(1);
  });

  it('plan-comment: --changed, --cost and --plans that are directories, empty, missing or malformed', () => {
    repo = withArtifacts();
    makeDirectory(repo, 'changed.json');
    expect(issueOf(() => comment(repo!))).toMatchObject({ code: 'file.not-a-file', allowed: EXPECTED_FILES.changedReport });
    repo.remove('changed.json').write('changed.json', ' \n');
    expect(issueOf(() => comment(repo!))).toMatchObject({ code: 'file.empty', file: repo.path('changed.json') });
    repo.write('changed.json', changed);

    expect(issueOf(() => comment(repo!, { cost: repo!.path('none.json') }))).toMatchObject({
      code: 'file.missing',
      allowed: EXPECTED_FILES.costDiff,
    });
    repo.write('bad-cost.json', '{"base": "main", ');
    expect(issueOf(() => comment(repo!, { cost: repo!.path('bad-cost.json') }))).toMatchObject({ code: 'json.malformed' });
    repo.write('bad-cost.json', { ...COST, fleet: { beforeUsd: '1' } });
    expect(issueOf(() => comment(repo!, { cost: repo!.path('bad-cost.json') }))).toMatchObject({
      code: 'cost-diff.bad-field',
      path: 'fleet',
    });
    repo.write('bad-cost.json', { ...COST, workspaces: [{ workspace: 'customer-acme', afterUsd: 'lots' }] });
    expect(issueOf(() => comment(repo!, { cost: repo!.path('bad-cost.json') }))).toMatchObject({
      code: 'cost-diff.bad-field',
      path: 'workspaces[0]',
    });

    repo.write('plans-file', 'x');
    expect(issueOf(() => comment(repo!, { plans: repo!.path('plans-file') }))).toMatchObject({
      code: 'file.not-a-folder',
      message: 'is a file, expected a folder',
      allowed: EXPECTED_FILES.artifacts,
    });
  });

  it('plan-comment and drift-report: an --out that is a directory or in a missing folder is file.not-writable', () => {
    repo = withArtifacts();
    mkdirSync(repo.path('out.md'));
    expect(issueOf(() => comment(repo!, { out: repo!.path('out.md') }))).toMatchObject({
      code: 'file.not-writable',
      message: 'cannot write the file (it is a directory)',
    });
    expect(issueOf(() => comment(repo!, { out: repo!.path('no/such/folder/c.md') }))).toMatchObject({
      code: 'file.not-writable',
      message: 'cannot write the file (ENOENT)',
    });
    repo.synth();
    expect(issueOf(() => driftReportCommand(repo!.root, { plans: repo!.path('drift'), out: repo!.path('out.md') }))).toMatchObject({
      code: 'file.not-writable',
    });
  });

  it('plan-check: a directory or an empty file as the plan', () => {
    repo = withArtifacts();
    const check = (): unknown =>
      planCheckCommand({ changed: repo!.path('changed.json'), workspace: 'customer-acme', plan: repo!.path('p') });
    mkdirSync(repo.path('p'));
    expect(issueOf(check)).toMatchObject({ code: 'file.not-a-file', file: repo.path('p'), allowed: EXPECTED_FILES.planJson });
    repo.remove('p').write('p', '');
    expect(issueOf(check)).toMatchObject({ code: 'file.empty', file: repo.path('p') });
  });

  it('drift-report and cost: a directory where generated/ holds workspaces.json or a cdk.tf.json, and a malformed cdk.tf.json', () => {
    repo = new TempRepo();
    repo.synth();
    const stack = 'generated/stacks/customer-acme/cdk.tf.json';
    const text = readFileSync(repo.path(stack), 'utf8');
    writeFileSync(repo.path(stack), text.slice(0, 100));
    expect(issueOf(() => costOfGenerated(repo!.root))).toMatchObject({
      code: 'json.malformed',
      file: repo.path(stack),
      allowed: EXPECTED_FILES.stack,
    });
    makeDirectory(repo, stack);
    expect(issueOf(() => costOfGenerated(repo!.root))).toMatchObject({ code: 'file.not-a-file', file: repo.path(stack) });
    makeDirectory(repo, 'generated/workspaces.json');
    expect(issueOf(() => driftReportCommand(repo!.root, { plans: repo!.path('drift'), out: repo!.path('d.md') }))).toEqual({
      code: 'file.not-a-file',
      file: 'generated/workspaces.json',
      path: '(root)',
      message: 'is a directory, expected a file',
      allowed: EXPECTED_FILES.workspaceIndex,
    });
  });

  it('changed and cost --base: a malformed cdk.tf.json at the base or a directory in the working tree', () => {
    repo = new TempRepo();
    repo.synth();
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo!.root, encoding: 'utf8', stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.email=ci@example.com', '-c', 'user.name=ci', 'commit', '-q', '--allow-empty', '-m', 'empty');
    const stack = 'generated/stacks/customer-acme/cdk.tf.json';
    const text = readFileSync(repo.path(stack), 'utf8');
    writeFileSync(repo.path(stack), text.slice(0, 100));
    git('add', '-A');
    git('-c', 'user.email=ci@example.com', '-c', 'user.name=ci', 'commit', '-q', '-m', 'base with a truncated stack');
    writeFileSync(repo.path(stack), text);
    expect(issueOf(() => changedWorkspaces(repo!.root, 'HEAD'))).toMatchObject({ code: 'json.malformed', file: `HEAD:${stack}` });
    expect(issueOf(() => costDiff(repo!.root, 'HEAD'))).toMatchObject({ code: 'json.malformed', file: `HEAD:${stack}` });
    makeDirectory(repo, stack);
    expect(issueOf(() => changedWorkspaces(repo!.root, 'HEAD'))).toMatchObject({ code: 'file.not-a-file', file: stack });
  });
});

describe('the CLI prints these as errors: exit 1, no stack trace', () => {
  it('plan-check with a directory as the plan (was EISDIR with a stack trace)', async () => {
    repo = withArtifacts();
    mkdirSync(repo.path('plan-dir'));
    const r = await cli(['plan-check', repo.path('plan-dir'), '--changed', repo.path('changed.json'), '--workspace', 'customer-acme']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${repo.path('plan-dir')}: (root): is a directory, expected a file`);
    expect(r.stderr).toContain(`allowed:  ${EXPECTED_FILES.planJson}`);
    expect(r.stderr).toContain('code:     file.not-a-file');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it('plan-comment with plan.json a directory', async () => {
    repo = withArtifacts();
    makeDirectory(repo, 'plans/plan-customer-acme/plan.json');
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
    expect(r.stderr).toContain('plan-customer-acme/plan.json: (root): is a directory, expected a file');
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planBatches } from '../../generator/ci/batches';
import type { ChangedReport, ChangedWorkspace } from '../../generator/ci/changed-report';
import { planCommentCommand } from '../../generator/ci/ci-commands';
import { renderWorkflows } from '../../generator/ci/workflows';
import { TempRepo } from '../helpers/repo';

type Step = { name?: string; run?: string; env?: Record<string, string> };
type Workflow = { jobs: Record<string, { steps: Step[] }> };

/**
 * A stand-in for terraform: records every call, plans "1 to add" (exit 2 with -detailed-exitcode), and fails the
 * step named in $FAKE_FAIL for the workspaces listed there ("plan:customer-b" fails its plan).
 * It counts the plans running at once through marker files, to check the in-job bound.
 */
const FAKE_TERRAFORM = `#!/usr/bin/env bash
dir=.
for a in "$@"; do case "$a" in -chdir=*) dir="\${a#-chdir=}";; esac; done
ws=$(basename "$dir")
args=("$@"); [[ "\${args[0]}" == -chdir=* ]] && args=("\${args[@]:1}")
cmd="\${args[0]}"
echo "$ws $*" >> "$FAKE_CALLS"
if [[ " $FAKE_FAIL " == *" $cmd:$ws "* ]]; then
  echo "Error: $cmd of $ws failed" >&2
  # A show that dies midway leaves half a JSON document behind.
  if [ "$cmd" = show ]; then echo '{"resource_changes":['; fi
  exit 1
fi
case "$cmd" in
  init) echo "Terraform has been successfully initialized!";;
  plan)
    touch "$FAKE_RUNNING/$ws"
    ls "$FAKE_RUNNING" | wc -l >> "$FAKE_CONCURRENCY"
    sleep 0.2
    rm "$FAKE_RUNNING/$ws"
    touch "$dir/tfplan"
    echo "Plan: 1 to add, 0 to change, 0 to destroy. ($ws)"
    if [[ " $* " == *" -detailed-exitcode "* ]]; then exit 2; fi;;
  show)
    if [ "\${args[1]}" = -json ]; then
      echo '{"resource_changes":[{"address":"aws_sns_topic.t","type":"aws_sns_topic","mode":"managed","change":{"actions":["create"]}}]}'
    else
      echo "  + aws_sns_topic.t ($ws)"
    fi;;
  apply) echo "Apply complete! ($ws)";;
esac
`;

/** plan-check's stand-in: refuses the workspaces listed in $FAKE_REFUSE. */
const FAKE_NPM = `#!/usr/bin/env bash
echo "npm $*" >> "$FAKE_CALLS"
for a in "$@"; do if [[ " $FAKE_REFUSE " == *" $a "* ]]; then echo "refusing to apply $a"; exit 1; fi; done
`;

const WORKSPACES = ['customer-a', 'customer-b', 'customer-c', 'customer-d', 'customer-e', 'customer-gone'];

function customer(name: string, change: ChangedWorkspace['change'] = 'modified'): ChangedWorkspace {
  return {
    workspace: `customer-${name}`,
    kind: 'customer',
    customer: name,
    wave: 1,
    stateKey: `customers/${name}/terraform.tfstate`,
    change,
  };
}

const REPORT: ChangedReport = {
  base: 'origin/main',
  baseCommit: '0'.repeat(40),
  changed: ['a', 'b', 'c', 'd', 'e'].map((n) => customer(n)),
  removed: [{ ...customer('gone', 'removed'), decommission: true }],
};

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly calls: string[];
  readonly concurrency: number[];
}

describe('the slice runner of the generated workflows, run by bash with a fake terraform', () => {
  let workflows: Record<string, Workflow>;
  let root: string;
  let dir: string;

  beforeAll(() => {
    const repo = new TempRepo();
    try {
      const model = repo.model();
      const files = renderWorkflows(
        model.platform,
        model.plans.map((p) => p.customer.config.rolloutWave),
      );
      workflows = Object.fromEntries(['plan', 'apply'].map((n) => [n, parse(files[`.github/workflows/${n}.yml`]) as Workflow]));
    } finally {
      repo.dispose();
    }
    root = mkdtempSync(join(tmpdir(), 'tw-slice-'));
    mkdirSync(join(root, 'bin'));
    writeFileSync(join(root, 'bin', 'terraform'), FAKE_TERRAFORM);
    writeFileSync(join(root, 'bin', 'npm'), FAKE_NPM);
    chmodSync(join(root, 'bin', 'terraform'), 0o755);
    chmodSync(join(root, 'bin', 'npm'), 0o755);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** Runs the job's slice step as GitHub does (bash -e -o pipefail) in a checkout with generated/stacks/<workspace>/. */
  function runStep(workflow: string, job: string, env: Record<string, string>): Run {
    const step = workflows[workflow].jobs[job].steps.find((s) => s.env?.WORKSPACES === '${{ matrix.workspaces }}');
    expect(step?.run, `${workflow} ${job} has a slice step`).toEqual(expect.any(String));
    dir = mkdtempSync(join(root, 'checkout-'));
    for (const ws of WORKSPACES) mkdirSync(join(dir, 'generated', 'stacks', ws), { recursive: true });
    mkdirSync(join(dir, 'running'));
    writeFileSync(join(dir, 'script.sh'), step?.run ?? '');
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', 'script.sh'], {
      cwd: dir,
      encoding: 'utf8',
      env: {
        PATH: `${join(root, 'bin')}:${process.env.PATH}`,
        TMPDIR: root,
        OUT: join(dir, 'out'),
        PARALLEL: step?.env?.PARALLEL ?? '',
        FAKE_CALLS: join(dir, 'calls'),
        FAKE_RUNNING: join(dir, 'running'),
        FAKE_CONCURRENCY: join(dir, 'concurrency'),
        ...env,
      },
      timeout: 60_000,
    });
    const lines = (file: string): string[] => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8').trim().split('\n') : []);
    return { code: r.status, stdout: r.stdout, calls: lines('calls'), concurrency: lines('concurrency').map(Number) };
  }

  it('plans every workspace of the slice into its own folder; a failed one does not stop the others', () => {
    // GIVEN one slice of the plan matrix holding all six workspaces, one of them removed, and customer-b's plan failing
    const [slice] = planBatches(REPORT, 1).plan;
    expect(slice.workspaces.split(' ')).toEqual(WORKSPACES);

    // WHEN the plan job's step runs it
    const run = runStep('plan', 'plan', { WORKSPACES: slice.workspaces, DESTROY: slice.destroy, FAKE_FAIL: 'plan:customer-b' });

    // THEN the step fails, naming only customer-b, after planning every other workspace
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::1 of 6 workspaces failed: customer-b');
    for (const ws of WORKSPACES) {
      const out = join(dir, 'out', `plan-${ws}`);
      expect(readFileSync(join(out, 'exitcode'), 'utf8').trim(), ws).toBe(ws === 'customer-b' ? '1' : '2');
      if (ws === 'customer-b') {
        expect(readFileSync(join(out, 'plan.txt'), 'utf8')).toContain('Error: plan of customer-b failed');
        expect(existsSync(join(out, 'plan.json'))).toBe(false);
      } else {
        expect(JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')).resource_changes).toHaveLength(1);
        expect(readFileSync(join(out, 'plan.txt'), 'utf8')).toContain(`aws_sns_topic.t (${ws})`);
      }
      expect(run.stdout).toContain(`::group::${ws}`);
    }
    // Only the removed workspace is planned with -destroy, and the plan role never takes the state lock.
    const plans = run.calls.filter((c) => c.split(' ')[2] === 'plan');
    expect(plans).toHaveLength(6);
    for (const c of plans) {
      expect(c).toContain('-lock=false');
      expect(c.includes('-destroy'), c).toBe(c.startsWith('customer-gone '));
    }
    // At most ci.jobParallelism plans ran at once.
    expect(Math.max(...run.concurrency)).toBeLessThanOrEqual(
      Number(workflows.plan.jobs.plan.steps.find((s) => s.env?.PARALLEL)?.env?.PARALLEL),
    );
  });

  it('leaves what plan-comment reads: its comment names the failed workspaces and counts the planned ones', () => {
    // GIVEN customer-d's init fails, and customer-e's plan succeeds but terraform show -json fails
    const [slice] = planBatches(REPORT, 1).plan;
    runStep('plan', 'plan', { WORKSPACES: slice.workspaces, DESTROY: slice.destroy, FAKE_FAIL: 'init:customer-d show:customer-e' });
    writeFileSync(join(dir, 'changed.json'), JSON.stringify(REPORT));
    expect(existsSync(join(dir, 'out', 'plan-customer-e', 'plan.json'))).toBe(false);

    const result = planCommentCommand({ changed: join(dir, 'changed.json'), plans: join(dir, 'out'), out: join(dir, 'comment.md') });

    expect(result.exitCode).toBe(1);
    expect(result.summary).toBe('customer-d: plan failed\ncustomer-e: plan failed');
    const comment = readFileSync(join(dir, 'comment.md'), 'utf8');
    expect(comment).toContain('| `customer-a` (modified, wave 1) | 1 | 0 | 0 |');
    expect(comment).toContain('| `customer-d` (modified, wave 1) | – | – | – | ❌ plan failed |');
    expect(comment).toContain('Error: init of customer-d failed');
  });

  it('applies every workspace the check lets through, even when a slice-mate fails, then fails the job', () => {
    // GIVEN a wave slice where customer-b's plan fails and plan-check refuses customer-c
    const run = runStep('apply', 'customers-wave-1', {
      WORKSPACES: 'customer-a customer-b customer-c customer-d',
      DESTROY: '',
      FAKE_FAIL: 'plan:customer-b',
      FAKE_REFUSE: 'customer-c',
    });

    // THEN a and d are applied, b and c are not, and the job fails (so later waves do not start)
    const applied = run.calls.filter((c) => c.split(' ')[2] === 'apply').map((c) => c.split(' ')[0]);
    expect(applied.sort()).toEqual(['customer-a', 'customer-d']);
    expect(run.calls).toContain(
      'npm run -s plan-check -- --changed changed.json --workspace customer-c generated/stacks/customer-c/plan.json',
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::2 of 4 workspaces failed: customer-b customer-c');
  });

  it('decommissions with -destroy, one workspace at a time', () => {
    const run = runStep('apply', 'decommission', {
      WORKSPACES: 'customer-gone customer-e',
      DESTROY: 'customer-gone customer-e',
      FAKE_FAIL: '',
    });
    expect(run.code).toBe(0);
    const plans = run.calls.filter((c) => c.split(' ')[2] === 'plan');
    expect(plans).toHaveLength(2);
    for (const c of plans) expect(c).toContain('-destroy');
    expect(Math.max(...run.concurrency)).toBe(1);
    expect(run.calls.filter((c) => c.split(' ')[2] === 'apply')).toHaveLength(2);
  });
});

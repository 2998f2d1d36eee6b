import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, STACK_TRACE, treeDigest } from '../helpers/cli';
import { REPO_ROOT, TempRepo } from '../helpers/repo';

let repos: TempRepo[] = [];
afterEach(() => {
  repos.forEach((r) => r.dispose());
  repos = [];
});
const fresh = (): TempRepo => {
  const r = new TempRepo();
  repos.push(r);
  return r;
};

/** What an operator leaves in a workspace folder while applying it by hand. */
const OPERATOR_FILES = [
  'terraform.tfstate',
  'terraform.tfstate.backup',
  '.terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/placeholder',
  '.terraform.lock.hcl',
  'backend_override.tf.json',
  'override.tf',
  'tfplan',
  'release.tfplan',
  'local.tfvars',
];

function addOperatorFiles(repo: TempRepo, workspace: string): Record<string, string> {
  const written: Record<string, string> = {};
  for (const f of OPERATOR_FILES) {
    const rel = `generated/stacks/${workspace}/${f}`;
    repo.write(rel, `operator content of ${f}\n`);
    written[rel] = `operator content of ${f}\n`;
  }
  return written;
}

/** Runs the CLI in a child that may be killed by the fault-injection seam. */
function synthChild(repo: TempRepo, killAt?: string): { status: number | null; signal: string | null; stderr: string; stdout: string } {
  // node itself, not the tsx wrapper, so the process that dies is the one that writes.
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'generator', 'cli.ts'), '--root', repo.root, 'synth'], {
    cwd: REPO_ROOT,
    env: { ...process.env, TENANT_WORKSPACES_KILL_AT: killAt ?? '' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, signal: r.signal, stderr: r.stderr, stdout: r.stdout };
}

describe('synth writes only into output it recognizes as its own', () => {
  it.each([
    ['customers', 'output.protected-folder'],
    ['.', 'output.protected-folder'],
    ['..', 'output.protected-folder'],
    ['customers/newco', 'output.protected-folder'],
    ['src', 'output.foreign-folder'],
  ])('fails for --outdir %s with %s, exit 1, and touches nothing', async (outdir, code) => {
    const repo = fresh();
    repo.write('src/main.ts', 'export {};\n');
    const before = treeDigest(repo.root);
    const r = await cli(['--root', repo.root, 'synth', '--outdir', outdir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`code:     ${code}`);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(treeDigest(repo.root)).toEqual(before);
  });

  it('names what it found in a foreign folder and writes into an empty one', async () => {
    const repo = fresh();
    repo.write('out/notes.txt', 'mine\n');
    const r = await cli(['--root', repo.root, 'synth', '--outdir', 'out']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('out: (root): is not empty and holds no .tenant-workspaces-output.json');
    expect(r.stderr).toContain('received: ["notes.txt"]');
    mkdirSync(repo.path('empty'));
    expect((await cli(['--root', repo.root, 'synth', '--outdir', 'empty'])).code).toBe(0);
    expect(repo.read('empty/.tenant-workspaces-output.json').files).toContain('stacks/customer-acme/cdk.tf.json');
  });

  it('records every file it owns in the marker, and nothing else', () => {
    const repo = fresh();
    repo.synth();
    const marker = repo.read('generated/.tenant-workspaces-output.json');
    const onDisk = Object.keys(treeDigest(repo.path('generated'))).filter((f) => f !== '.tenant-workspaces-output.json');
    expect(marker).toMatchObject({ generator: 'tenant-workspaces', format: 1 });
    expect(marker.files).toEqual(onDisk.sort());
  });
});

describe('synth keeps what operators put in workspace folders', () => {
  it('keeps state, .terraform/, lock file, overrides, plans and tfvars across synth, while updating its own files', async () => {
    const repo = fresh();
    repo.synth();
    const operator = { ...addOperatorFiles(repo, 'bootstrap'), ...addOperatorFiles(repo, 'customer-acme') };
    repo.edit('customers/acme/config.json', (c) => {
      c.budget = { monthlyUsd: 999 };
    });
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(0);
    for (const [rel, content] of Object.entries(operator)) expect(readFileSync(repo.path(rel), 'utf8')).toBe(content);
    expect(JSON.stringify(repo.stack('customer-acme'))).toContain('999');
  });

  it('keeps and reports the folder of a removed customer that still holds operator files; removes the ones that do not', async () => {
    const repo = fresh();
    repo.synth();
    const operator = addOperatorFiles(repo, 'customer-customer2');
    repo.remove('customers/customer2').remove('customers/customer1');
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('kept stacks/customer-customer2: synth no longer produces it, but it holds files synth did not write (');
    expect(r.stdout).toContain('terraform.tfstate');
    for (const [rel, content] of Object.entries(operator)) expect(readFileSync(repo.path(rel), 'utf8')).toBe(content);
    expect(existsSync(repo.path('generated/stacks/customer-customer2/cdk.tf.json'))).toBe(false);
    expect(existsSync(repo.path('generated/stacks/customer-customer1'))).toBe(false);
  });

  it('adopts the output of the generator from before the marker, keeping operator files', async () => {
    const repo = fresh();
    repo.synth();
    // Output from before the marker had no Checkov configuration either.
    repo.remove('generated/.tenant-workspaces-output.json').remove('generated/.checkov.yaml');
    // Nor costs.json.
    repo.remove('generated/costs.json');
    const operator = addOperatorFiles(repo, 'bootstrap');
    repo.remove('customers/customer2');
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(0);
    for (const [rel, content] of Object.entries(operator)) expect(readFileSync(repo.path(rel), 'utf8')).toBe(content);
    expect(existsSync(repo.path('generated/stacks/customer-customer2'))).toBe(false);
    expect(existsSync(repo.path('generated/.tenant-workspaces-output.json'))).toBe(true);
  });

  it('refuses to overwrite a file at one of its paths that it did not write', async () => {
    const repo = fresh();
    repo.synth();
    repo.write('generated/stacks/customer-newco/README.md', 'my notes\n');
    repo.addCustomer('newco', { tier: 'small', domain: 'newco.example.com' });
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('generated/stacks/customer-newco/README.md: (root): exists, and synth did not write it');
    expect(r.stderr).toContain('code:     output.not-owned');
    expect(readFileSync(repo.path('generated/stacks/customer-newco/README.md'), 'utf8')).toBe('my notes\n');
    expect(existsSync(repo.path('generated/stacks/customer-newco/cdk.tf.json'))).toBe(false);
  });

  it('keeps operator files out of `git add generated` (.gitignore)', () => {
    const repo = fresh();
    repo.synth();
    cpSync(join(REPO_ROOT, '.gitignore'), repo.path('.gitignore'));
    addOperatorFiles(repo, 'bootstrap');
    repo.write('generated/.synth-staging/owner.json', '{}');
    repo.write('generated/.synth-journal.json', '{}');
    repo.write('customers/_allocations.json.synth-123.tmp', '{}');
    repo.write('.generated.synth-AbC123.old/manifest.json', '{}');
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: repo.root, encoding: 'utf8' });
    git('init', '-q');
    git('add', 'generated', 'customers');
    expect(git('check-ignore', '.generated.synth-AbC123.old').trim()).toBe('.generated.synth-AbC123.old');
    const staged = git('diff', '--cached', '--name-only').split('\n').filter(Boolean);
    expect(staged).toContain('generated/stacks/bootstrap/cdk.tf.json');
    expect(staged).toContain('generated/.tenant-workspaces-output.json');
    expect(staged.filter((f) => !/\/(cdk\.tf\.json|README\.md)$/.test(f) && !f.startsWith('customers/'))).toEqual([
      'generated/.checkov.yaml',
      'generated/.tenant-workspaces-output.json',
      'generated/costs.json',
      'generated/manifest.json',
      'generated/workspaces.json',
    ]);
    expect(staged).not.toContain('customers/_allocations.json.synth-123.tmp');
  });
});

describe('output, allocations and workflows move together, and interrupted runs are repaired', () => {
  it('fails on a read-only _allocations.json before generated/ changes', async () => {
    const repo = fresh();
    repo.synth();
    const before = treeDigest(repo.path('generated'));
    const allocations = readFileSync(repo.path('customers/_allocations.json'), 'utf8');
    repo.addCustomer('newco', { tier: 'small', domain: 'newco.example.com' });
    chmodSync(repo.path('customers/_allocations.json'), 0o444);
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('customers/_allocations.json: (root): is read-only');
    expect(r.stderr).toContain('code:     output.read-only');
    expect(treeDigest(repo.path('generated'))).toEqual(before);
    expect(readFileSync(repo.path('customers/_allocations.json'), 'utf8')).toBe(allocations);
    expect(readdirSync(repo.path('generated'))).not.toContain('.synth-staging');
  });

  it('leaves the output as it was when killed before the commit point, and the next run cleans up', () => {
    const repo = fresh();
    repo.synth();
    const before = treeDigest(repo.path('generated'));
    const allocations = readFileSync(repo.path('customers/_allocations.json'), 'utf8');
    repo.addCustomer('newco', { tier: 'small', domain: 'newco.example.com' });
    const killed = synthChild(repo, 'staged');
    expect(killed.signal).toBe('SIGKILL');
    expect(readdirSync(repo.path('generated'))).toContain('.synth-staging');
    expect(
      Object.fromEntries(Object.entries(treeDigest(repo.path('generated'))).filter(([f]) => !f.startsWith('.synth-staging/'))),
    ).toEqual(before);
    expect(readFileSync(repo.path('customers/_allocations.json'), 'utf8')).toBe(allocations);
    const next = synthChild(repo);
    expect(next.status).toBe(0);
    expect(next.stdout).toContain('note: removed the staging area of an interrupted synth from generated; the output was not changed');
    expect(readdirSync(repo.path('generated'))).not.toContain('.synth-staging');
    expect(readdirSync(repo.path('customers')).filter((f) => f.includes('.tmp'))).toEqual([]);
    expect(repo.read('customers/_allocations.json').customers.newco).toEqual({
      albShard: expect.any(Number),
      priorityBlock: expect.any(Number),
    });
  });

  it.each(['committed', 'before-marker'])('finishes a run killed after its commit point (%s) before reading the allocations', (step) => {
    const repo = fresh();
    repo.synth();
    repo.addCustomer('newco', { tier: 'small', domain: 'newco.example.com' });
    const reference = fresh();
    reference.addCustomer('newco', { tier: 'small', domain: 'newco.example.com' });
    reference.synth();
    const killed = synthChild(repo, step);
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(repo.path('generated/.synth-journal.json'))).toBe(true);
    const next = synthChild(repo);
    expect(next.status).toBe(0);
    expect(next.stdout).toContain('note: finished the interrupted synth into generated (its journal was complete)');
    expect(repo.read('customers/_allocations.json')).toEqual(reference.read('customers/_allocations.json'));
    expect(treeDigest(repo.path('generated'))).toEqual(treeDigest(reference.path('generated')));
  });

  it('removes the temporary file a run killed while replacing the synth cache left beside it', () => {
    const repo = fresh();
    repo.synth();
    repo.addCustomer('newco', { tier: 'small', domain: 'newco.example.com' });
    const killed = synthChild(repo, 'atomic-write');
    expect(killed.signal).toBe('SIGKILL');
    const temps = (): string[] => readdirSync(repo.path('.synth-cache')).filter((f) => f.endsWith('.tmp'));
    expect(temps()).toEqual([expect.stringMatching(/^generated\.json\.\d+\.tmp$/)]);
    const next = synthChild(repo);
    expect(next.status).toBe(0);
    expect(temps()).toEqual([]);
    expect(repo.read('customers/_allocations.json').customers.newco).toEqual({
      albShard: expect.any(Number),
      priorityBlock: expect.any(Number),
    });
  });

  it('restores and removes what the generator before this one left after a crash', async () => {
    const repo = fresh();
    repo.synth();
    const before = treeDigest(repo.path('generated'));
    cpSync(repo.path('generated'), repo.path('.generated.synth-AbC123.old'), { recursive: true });
    repo.remove('generated');
    repo.write('.generated.synth-AbC123/manifest.json', '{}');
    repo.write('customers/_allocations.json.tmp-4242', '{}');
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('note: restored generated from .generated.synth-AbC123.old, left by an interrupted synth');
    expect(r.stdout).toContain('note: removed .generated.synth-AbC123, left by an interrupted synth');
    expect(r.stdout).toContain('note: removed customers/_allocations.json.tmp-4242, left by an interrupted synth');
    expect(readdirSync(repo.root).sort()).toEqual(['.github', '.synth-cache', 'customers', 'generated']);
    expect(treeDigest(repo.path('generated'))).toEqual(before);
  });

  it('refuses a journal it did not write, saying how to get out, and changes nothing', async () => {
    const repo = fresh();
    repo.synth();
    repo.write('generated/.synth-journal.json', '{"generator":"tenant-workspaces","writes":["../../etc/passwd"]');
    const before = treeDigest(repo.path('generated'));
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('generated/.synth-journal.json: (root): is not a journal this generator wrote');
    expect(r.stderr).toContain('then delete generated/.synth-journal.json and generated/.synth-staging and synthesize again');
    expect(r.stderr).toContain('code:     output.bad-journal');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(treeDigest(repo.path('generated'))).toEqual(before);
  });

  it('a synth killed while its worker processes build leaves none of them running, and the next synth completes', async () => {
    const repo = new TempRepo({ withExamples: false });
    repos.push(repo);
    // More workspaces than one batch (25), so synth builds them in worker processes.
    for (let i = 1; i <= 30; i++) repo.addCustomer(`c${i}`, { tier: 'small', domain: `c${i}.example.com` });
    const parent = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'generator', 'cli.ts'), '--root', repo.root, 'synth'], {
      cwd: REPO_ROOT,
      env: { ...process.env, TW_SYNTH_WORKERS: '2', TENANT_WORKSPACES_KILL_AT: '' },
      stdio: 'ignore',
    });
    const exited = new Promise((done) => parent.on('exit', done));
    const childrenOf = (pid: number): number[] =>
      readdirSync('/proc')
        .filter((e) => /^\d+$/.test(e))
        .filter((e) => {
          try {
            const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
            return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid;
          } catch {
            return false;
          }
        })
        .map(Number);
    const alive = (pid: number): boolean => existsSync(`/proc/${pid}`) && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const poll = async (done: () => boolean): Promise<boolean> => {
      for (let i = 0; i < 600 && !done(); i++) await new Promise((r) => setTimeout(r, 100));
      return done();
    };
    let workers: number[] = [];
    expect(await poll(() => (workers = childrenOf(parent.pid!)).length === 2)).toBe(true);
    parent.kill('SIGKILL');
    await exited;
    // Orphaned, a worker ends once it finds its channel to the dead parent closed (at the latest after its batch).
    expect(
      await poll(
        () =>
          !workers.some((pid) => {
            try {
              return alive(pid);
            } catch {
              return false;
            }
          }),
      ),
    ).toBe(true);
    const next = synthChild(repo);
    expect(next.status).toBe(0);
    expect(readdirSync(repo.path('generated'))).not.toContain('.synth-staging');
    expect(repo.read('generated/workspaces.json').workspaces['customer-c30']).toMatchObject({ kind: 'customer', customer: 'c30' });
  });

  it('refuses to run while another synth holds the folder', async () => {
    const repo = fresh();
    repo.synth();
    repo.write('generated/.synth-staging/owner.json', JSON.stringify({ pid: process.pid, extras: [] }));
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`another synth (pid ${process.pid}) is writing this folder`);
    expect(r.stderr).toContain('code:     output.busy');
  });
});

/**
 * Seeded fault injection: random mutations of a valid repository, and random SIGKILLs of
 * the real synth CLI, against what issue 9 promises an operator. Each round starts from a
 * copy of one pre-synthesized repository holding operator files (state, .terraform/,
 * overrides, plans, tfvars) in generated/, applies up to two mutations, runs
 * `synth` as a child process (maybe killing it after a random delay or at one of the output
 * writer's kill points), reruns it after a kill, and then asserts:
 * - exit 0, or a clean error: exit 1, a `code:` line, no stack trace;
 * - on error, generated/, .github/ and _allocations.json are byte for byte what they were;
 * - on success, generated/ and .github/ equal a full synth of the same configs (from scratch, or on top of the
 *   starting output when synth kept an existing data store on its key), and
 *   no existing allocation moved (a missing _allocations.json is recovered as it was);
 * - right after a kill, output and allocations are either all old or all new (or a journal
 *   says the next run finishes the job);
 * - every operator file is intact; no staging area, journal or temporary file is left after
 *   the follow-up run; no process started for the round is still running.
 *
 * TW_FAULT_SEED=<n> replays a run (the seed is printed), TW_FAULT_ROUNDS=<n> sets the
 * number of rounds (default 12, under a minute on two idle cores).
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../generator/model';
import { synthesize } from '../../generator/synth';
import { STACK_TRACE, treeDigest } from '../helpers/cli';
import { REPO_ROOT, TempRepo } from '../helpers/repo';

const SEED = process.env.TW_FAULT_SEED ? Number(process.env.TW_FAULT_SEED) : Date.now() % 2 ** 31;
const ROUNDS = process.env.TW_FAULT_ROUNDS ? Number(process.env.TW_FAULT_ROUNDS) : 12;

const CUSTOMERS = ['acme', 'customer1', 'customer2', 'global', 'globex'] as const;
const OPERATOR_WORKSPACES = ['bootstrap', 'customer-acme'];
const OPERATOR_FILES: Record<string, string | Buffer> = {
  'terraform.tfstate': '{"version":4,"serial":7,"lineage":"operator","resources":[]}\n',
  'terraform.tfstate.backup': '{"version":4,"serial":6}\n',
  '.terraform/providers/registry.terraform.io/hashicorp/aws/5.100.0/linux_amd64/terraform-provider-aws': Buffer.from([0, 1, 2, 255, 254]),
  '.terraform/terraform.tfstate': '{"backend":{"type":"s3"}}\n',
  '.terraform.lock.hcl': '# operator lock file\n',
  'backend_override.tf.json': '{"terraform":{"backend":{"local":{"path":"terraform.tfstate"}}}}\n',
  tfplan: Buffer.from('PK\u0003\u0004 a binary plan'),
  'local.tfvars': 'region = "eu-west-1"\n',
};

// ---------------------------------------------------------------------------------------
// Mutations: plain descriptors (fast-check prints them), applied to the round's repository.

type Mutation =
  | { kind: 'duplicate-key'; customer: string; key: 'decommission' | 'tier' | 'isolation' | 'domain' | 'services.api.desiredCount' }
  | { kind: 'symlink-folder'; customer: string }
  | { kind: 'symlink-new-folder'; customer: string }
  | { kind: 'symlink-config'; customer: string }
  | { kind: 'new-customer'; name: string; tier: 'small' | 'medium' | 'large' }
  | { kind: 'bad-customer-name'; name: string }
  | { kind: 'odd-key'; customer: string; where: 'environment' | 'tags'; key: string }
  | { kind: 'oversized-env'; customer: string; shape: 'one-huge-value' | 'task-definition' | 'file-over-1mib' }
  | { kind: 'deep-nesting'; customer: string; depth: number }
  | { kind: 'remove-allocations' }
  | { kind: 'read-only-allocations' }
  | { kind: 'truncate'; file: string; fraction: number }
  | { kind: 'empty-file'; file: string }
  | { kind: 'config-is-folder'; customer: string }
  | { kind: 'stray-customers-file'; name: string }
  | { kind: 'stray-generated-file'; rel: string }
  | { kind: 'corrupt-marker' }
  | { kind: 'tier-change'; customer: string; tier: 'small' | 'medium' | 'large' }
  | { kind: 'remove-customer'; customer: string }
  | { kind: 'budget'; customer: string; usd: number }
  | { kind: 'byte-order-mark'; customer: string }
  | { kind: 'invalid-utf8'; customer: string };

type Kill =
  { kind: 'none' } | { kind: 'after'; ms: number } | { kind: 'at'; step: 'staged' | 'committed' | 'before-marker' | 'atomic-write' };

interface Scenario {
  readonly mutations: Mutation[];
  readonly kill: Kill;
}

/** What a mutation makes of the run: success, failure (with one of these codes, or any), or either. */
type Expectation = { readonly outcome: 'ok' } | { readonly outcome: 'fail'; readonly code?: string } | { readonly outcome: 'either' };
const OK: Expectation = { outcome: 'ok' };
const EITHER: Expectation = { outcome: 'either' };
const fail = (code?: string): Expectation => ({ outcome: 'fail', code });

const customer = fc.constantFrom(...CUSTOMERS);
const tier = fc.constantFrom('small' as const, 'medium' as const, 'large' as const);
const configFile = fc.oneof(
  customer.map((c) => `customers/${c}/config.json`),
  fc.constantFrom('customers/_platform.json', 'customers/_defaults.json', 'customers/_tiers/small.json', 'customers/_allocations.json'),
);

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('duplicate-key' as const),
    customer,
    key: fc.constantFrom(
      'decommission' as const,
      'tier' as const,
      'isolation' as const,
      'domain' as const,
      'services.api.desiredCount' as const,
    ),
  }),
  fc.record({ kind: fc.constant('symlink-folder' as const), customer }),
  fc.record({ kind: fc.constant('symlink-new-folder' as const), customer }),
  fc.record({ kind: fc.constant('symlink-config' as const), customer }),
  fc.record({
    kind: fc.constant('new-customer' as const),
    name: fc.constantFrom('constructor', 'prototype', 'tostring', 'valueof', 'hasownproperty', 'newco', 'a1-b2-c3'),
    tier,
  }),
  fc.record({
    kind: fc.constant('bad-customer-name' as const),
    name: fc.constantFrom('__proto__', 'toString', 'café-ünïcødé', 'x'.repeat(41), 'y'.repeat(255), 'a--b', 'Acme'),
  }),
  fc.record({
    kind: fc.constant('odd-key' as const),
    customer,
    where: fc.constantFrom('environment' as const, 'tags' as const),
    key: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'ÜBER_WERT', 'K'.repeat(300)),
  }),
  fc.record({
    kind: fc.constant('oversized-env' as const),
    customer,
    shape: fc.constantFrom('one-huge-value' as const, 'task-definition' as const, 'file-over-1mib' as const),
  }),
  fc.record({ kind: fc.constant('deep-nesting' as const), customer, depth: fc.constantFrom(65, 500, 10_000) }),
  fc.constant({ kind: 'remove-allocations' as const }),
  fc.constant({ kind: 'read-only-allocations' as const }),
  fc.record({ kind: fc.constant('truncate' as const), file: configFile, fraction: fc.double({ min: 0.05, max: 0.999, noNaN: true }) }),
  fc.record({ kind: fc.constant('empty-file' as const), file: configFile }),
  fc.record({ kind: fc.constant('config-is-folder' as const), customer }),
  fc.record({
    kind: fc.constant('stray-customers-file' as const),
    name: fc.constantFrom('notes.txt', 'README.md', 'backup.json', '.DS_Store'),
  }),
  fc.record({
    kind: fc.constant('stray-generated-file' as const),
    rel: fc.constantFrom(
      'stacks/customer-acme/notes.txt',
      'scratch.bin',
      'stacks/platform/my.auto.tfvars',
      'stacks/customer-globex/tfplan',
    ),
  }),
  fc.constant({ kind: 'corrupt-marker' as const }),
  fc.record({ kind: fc.constant('tier-change' as const), customer, tier }),
  fc.record({ kind: fc.constant('remove-customer' as const), customer }),
  fc.record({ kind: fc.constant('budget' as const), customer, usd: fc.constantFrom(1, 5_000, 1_000_000) }),
  fc.record({ kind: fc.constant('byte-order-mark' as const), customer }),
  fc.record({ kind: fc.constant('invalid-utf8' as const), customer }),
);

/** What a mutation touches: two mutations of one round never touch the same thing, so their expectations hold together. */
function target(m: Mutation): string {
  switch (m.kind) {
    case 'remove-allocations':
    case 'read-only-allocations':
      return 'customers/_allocations.json';
    case 'truncate':
    case 'empty-file':
      return m.file.startsWith('customers/_') ? m.file : m.file.split('/')[1];
    case 'new-customer':
    case 'bad-customer-name':
      return `new:${m.name}`;
    case 'stray-customers-file':
      return `stray:${m.name}`;
    case 'stray-generated-file':
      return `generated:${m.rel}`;
    case 'corrupt-marker':
      return 'generated/.tenant-workspaces-output.json';
    default:
      return m.customer;
  }
}

const kill: fc.Arbitrary<Kill> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: 'none' as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('after' as const), ms: fc.integer({ min: 50, max: 4_000 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('at' as const),
      step: fc.constantFrom('staged' as const, 'committed' as const, 'before-marker' as const, 'atomic-write' as const),
    }),
  },
);

const scenario: fc.Arbitrary<Scenario> = fc.record({
  mutations: fc.uniqueArray(mutation, { minLength: 0, maxLength: 2, selector: target }),
  kill,
});

// ---------------------------------------------------------------------------------------
// The round's repository

let base: string;
let work: string;
let pristine: string;
let ref: string;
/** Operator files (planted and stray) by path relative to the repository → content. */
let operatorFiles: Map<string, Buffer>;

const p = (rel: string): string => join(work, rel);
const read = (rel: string): string => readFileSync(p(rel), 'utf8');
const write = (rel: string, content: string | Buffer): void => {
  mkdirSync(dirname(p(rel)), { recursive: true });
  writeFileSync(p(rel), content);
};
const editText = (rel: string, edit: (text: string) => string): void => write(rel, edit(read(rel)));
const editJson = (rel: string, edit: (json: any) => void): void => {
  const json = JSON.parse(read(rel));
  edit(json);
  write(rel, `${JSON.stringify(json, null, 2)}\n`);
};
/** Adds `lines` right after the opening brace of the object that starts at `anchor` (the file's first `{` by default). */
const insertAfter = (text: string, anchor: string, lines: string): string => {
  const at = text.indexOf(anchor);
  if (at < 0) throw new Error(`anchor ${anchor} not found`);
  const brace = text.indexOf('{', at) + 1;
  return `${text.slice(0, brace)}\n${lines}${text.slice(brace)}`;
};

const DUPLICATES: Record<string, [string, string]> = {
  decommission: ['false', 'true'],
  tier: ['"small"', '"large"'],
  isolation: ['"pooled"', '"dedicated"'],
  domain: ['"one.example.com"', '"two.example.com"'],
};

function apply(m: Mutation): Expectation {
  const config = (c: string): string => `customers/${c}/config.json`;
  switch (m.kind) {
    case 'duplicate-key': {
      if (m.key === 'services.api.desiredCount') {
        editText(config(m.customer), (t) => insertAfter(t, '"api"', '"desiredCount": 1, "desiredCount": 3,'));
      } else {
        const [first, second] = DUPLICATES[m.key];
        editText(config(m.customer), (t) => insertAfter(t, '{', `  "${m.key}": ${first},\n  "${m.key}": ${second},`));
      }
      return fail('json.duplicate-key');
    }
    case 'symlink-folder':
      renameSync(p(`customers/${m.customer}`), p(`outside-${m.customer}`));
      symlinkSync(p(`outside-${m.customer}`), p(`customers/${m.customer}`));
      return fail('file.symlink');
    case 'symlink-new-folder':
      symlinkSync(p(`customers/${m.customer}`), p(`customers/${m.customer}-link`));
      return fail('file.symlink');
    case 'symlink-config':
      write(`outside-${m.customer}.json`, read(config(m.customer)));
      rmSync(p(config(m.customer)));
      symlinkSync(p(`outside-${m.customer}.json`), p(config(m.customer)));
      return fail('file.symlink');
    case 'new-customer':
      write(config(m.name), `${JSON.stringify({ name: m.name, tier: m.tier, domain: `${m.name}.example.com` }, null, 2)}\n`);
      return OK;
    case 'bad-customer-name':
      write(config(m.name), `${JSON.stringify({ name: m.name, tier: 'small', domain: 'bad-name.example.com' }, null, 2)}\n`);
      // Entries starting with "_" are never customers (README: Layout): `__proto__/` is skipped like `_drafts/`.
      return m.name.startsWith('_') ? OK : fail();
    case 'odd-key': {
      // Environment variable names have no length limit of their own (the task definition size rule bounds them); tag keys have 128.
      const valid = /^[A-Za-z_][A-Za-z0-9_]*$/.test(m.key);
      const entry = `"${m.key}": "odd",`;
      if (m.where === 'environment')
        editText(config(m.customer), (t) =>
          insertAfter(t, '"services"', `"zz": { "image": "nginx:1.27", "environment": { ${entry} "PLAIN": "x" } },`),
        );
      else editText(config(m.customer), (t) => insertAfter(t, '{', `"tags": { ${entry} "Plain": "x" },`));
      if (m.key === '__proto__') return fail('json.reserved-key');
      // A second "tags" object would be a duplicate key where the customer already has tags.
      if (m.where === 'tags' && read(config(m.customer)).split('"tags"').length > 2) return fail('json.duplicate-key');
      if (m.where === 'tags') return m.key.length <= 128 ? EITHER : fail();
      return valid ? EITHER : fail();
    }
    case 'oversized-env': {
      const env: Record<string, string> =
        m.shape === 'one-huge-value'
          ? { HUGE: 'v'.repeat(100_000) }
          : m.shape === 'task-definition'
            ? Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`PART_${i}`, 'w'.repeat(4_000)]))
            : Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`PART_${i}`, 'w'.repeat(4_000)]));
      editJson(config(m.customer), (c) => {
        c.services ??= {};
        c.services.api ??= {};
        c.services.api.environment = { ...(c.services.api.environment ?? {}), ...env };
      });
      return fail(m.shape === 'file-over-1mib' ? 'file.too-large' : undefined);
    }
    case 'deep-nesting':
      editText(config(m.customer), (t) => insertAfter(t, '{', `"deep": ${'{"a":'.repeat(m.depth)}1${'}'.repeat(m.depth)},`));
      return fail('json.too-deep');
    case 'remove-allocations':
      rmSync(p('customers/_allocations.json'));
      return OK;
    case 'read-only-allocations':
      chmodSync(p('customers/_allocations.json'), 0o444);
      return EITHER;
    case 'truncate': {
      const text = read(m.file);
      const cut = text.slice(0, Math.max(1, Math.floor(text.length * m.fraction)));
      write(m.file, cut);
      try {
        JSON.parse(cut);
        return EITHER;
      } catch {
        return fail();
      }
    }
    case 'empty-file':
      write(m.file, '');
      return fail();
    case 'config-is-folder':
      rmSync(p(config(m.customer)));
      mkdirSync(p(config(m.customer)));
      return fail();
    case 'stray-customers-file':
      write(`customers/${m.name}`, 'a note\n');
      return m.name === 'README.md' ? OK : m.name === 'notes.txt' ? fail('file.not-a-customer-folder') : EITHER;
    case 'stray-generated-file':
      write(`generated/${m.rel}`, `operator's ${m.rel}\n`);
      operatorFiles.set(`generated/${m.rel}`, readFileSync(p(`generated/${m.rel}`)));
      return OK;
    case 'corrupt-marker':
      editText('generated/.tenant-workspaces-output.json', (t) => t.slice(0, t.length >> 1));
      return fail('output.bad-marker');
    case 'tier-change':
      editJson(config(m.customer), (c) => {
        c.tier = m.tier;
      });
      return EITHER;
    case 'remove-customer':
      rmSync(p(`customers/${m.customer}`), { recursive: true });
      return OK;
    case 'budget':
      editJson(config(m.customer), (c) => {
        c.budget = { monthlyUsd: m.usd };
      });
      return m.usd === 1 ? fail('rule.budget-exceeded') : EITHER;
    case 'byte-order-mark':
      editText(config(m.customer), (t) => `\uFEFF${t}`);
      return EITHER;
    case 'invalid-utf8': {
      const text = read(config(m.customer));
      const at = text.indexOf('"tier"');
      writeFileSync(
        p(config(m.customer)),
        Buffer.concat([
          Buffer.from(text.slice(0, at)),
          Buffer.from([0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x2c]),
          Buffer.from(text.slice(at)),
        ]),
      );
      return EITHER;
    }
  }
}

function combine(expectations: readonly Expectation[]): Expectation {
  if (!expectations.some((e) => e.outcome === 'fail')) return expectations.every((e) => e.outcome === 'ok') ? OK : EITHER;
  // The error reported is one of the expected codes only when no other mutation could fail first for a reason of its own.
  const codes = expectations.map((e) => (e.outcome === 'fail' ? e.code : e.outcome === 'ok' ? '' : undefined));
  return codes.every((c) => c !== undefined) ? fail(codes.filter(Boolean).join('|')) : fail();
}

// ---------------------------------------------------------------------------------------
// Running the CLI, and what a round leaves behind

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The real CLI in a child process (node itself, so the process killed is the one writing). */
function synthChild(k: Kill = { kind: 'none' }): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'generator', 'cli.ts'), '--root', work, 'synth'], {
      cwd: REPO_ROOT,
      env: { ...process.env, TENANT_WORKSPACES_KILL_AT: k.kind === 'at' ? k.step : '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timers = [setTimeout(() => child.kill('SIGKILL'), 150_000)];
    if (k.kind === 'after') timers.push(setTimeout(() => child.kill('SIGKILL'), k.ms));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      timers.forEach(clearTimeout);
      resolvePromise({ code, signal, stdout, stderr });
    });
  });
}

/** Processes whose command line or working folder is inside `dir` (none but this one may be left). */
function processesIn(dir: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((e) => /^\d+$/.test(e) && Number(e) !== process.pid)) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      if (cmd.includes(dir) || cwd === dir || cwd.startsWith(`${dir}/`)) found.push(`${pid}: ${cmd.trim()} (in ${cwd})`);
    } catch {
      // Ended while we looked.
    }
  }
  return found;
}

/** Debris an interrupted run may leave: staging areas, journals, temporary files, old generators' folders. */
function debris(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (/^\.synth-staging$|^\.synth-journal\.json$|\.tmp$|\.tmp-\d+$|^\.generated\.synth-/.test(e.name)) found.push(relative(dir, full));
      else if (e.isDirectory() && e.name !== '.terraform') walk(full);
    }
  };
  walk(dir);
  return found;
}

interface Snapshot {
  readonly generated: Record<string, string>;
  readonly github: Record<string, string>;
  readonly allocations: string | undefined;
}

function snapshot(): Snapshot {
  const generated = Object.fromEntries(
    Object.entries(treeDigest(p('generated'))).filter(([rel]) => !rel.startsWith('.synth-staging/') && rel !== '.synth-journal.json'),
  );
  return {
    generated,
    github: Object.fromEntries(Object.entries(treeDigest(p('.github'))).filter(([rel]) => !/\.synth-\d+\.tmp$/.test(rel))),
    allocations: existsSync(p('customers/_allocations.json')) ? read('customers/_allocations.json') : undefined,
  };
}

/** generated/ without the operator's files: what a fresh synth must reproduce. */
function ownOutput(digest: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(digest).filter(([rel]) => !operatorFiles.has(`generated/${rel}`)));
}

/**
 * The same configs synthesized in another folder (in this process, every workspace built):
 * from scratch, or, when the run kept a customer's existing data stores on their key
 * (which synth decides from the previous output, like a lost allocation), on top of the
 * round's starting output without its operator files.
 */
function fullSynth(withHistory: boolean): Snapshot {
  rmSync(ref, { recursive: true, force: true });
  mkdirSync(ref);
  cpSync(p('customers'), join(ref, 'customers'), { recursive: true });
  if (withHistory) {
    cpSync(join(pristine, 'generated'), join(ref, 'generated'), { recursive: true });
    for (const ws of OPERATOR_WORKSPACES)
      for (const f of Object.keys(OPERATOR_FILES))
        rmSync(join(ref, 'generated', 'stacks', ws, f.split('/')[0]), { recursive: true, force: true });
  }
  synthesize(buildModel(ref), join(ref, 'generated'));
  return { generated: treeDigest(join(ref, 'generated')), github: treeDigest(join(ref, '.github')), allocations: undefined };
}

function expectCleanExit(r: Run, what: string): void {
  expect(r.stderr, `${what}: stderr`).not.toMatch(STACK_TRACE);
  expect(r.stdout, `${what}: stdout`).not.toMatch(STACK_TRACE);
  expect([0, 1], `${what}: exit code (stderr: ${r.stderr.slice(0, 2_000)})`).toContain(r.code);
  if (r.code === 1) expect(r.stderr, `${what}: a coded error`).toMatch(/^ {2}code: {5}[a-z-]+\.[a-z-]+/m);
}

const allocationsOf = (text: string | undefined): Record<string, unknown> => (text === undefined ? {} : JSON.parse(text).customers);

async function round(s: Scenario): Promise<void> {
  rmSync(work, { recursive: true, force: true });
  rmSync(ref, { recursive: true, force: true });
  cpSync(pristine, work, { recursive: true, verbatimSymlinks: true });
  operatorFiles = new Map(
    OPERATOR_WORKSPACES.flatMap((ws) => Object.keys(OPERATOR_FILES).map((f) => `generated/stacks/${ws}/${f}`)).map((rel) => [
      rel,
      readFileSync(p(rel)),
    ]),
  );
  const pristineAllocations = allocationsOf(read('customers/_allocations.json'));
  const expected = combine(s.mutations.map(apply));
  const before = snapshot();

  const first = await synthChild(s.kill);
  const killed = first.signal === 'SIGKILL';
  let afterKill: (Snapshot & { journal: boolean }) | undefined;
  let final = first;
  if (killed) {
    afterKill = { ...snapshot(), journal: existsSync(p('generated/.synth-journal.json')) };
    final = await synthChild();
  } else {
    expectCleanExit(first, 'the run');
  }
  expectCleanExit(final, killed ? 'the run after the kill' : 'the run');
  const after = snapshot();

  if (expected.outcome === 'ok') expect(final.code, `expected success; stderr:\n${final.stderr}`).toBe(0);
  if (expected.outcome === 'fail') {
    expect(final.code, `expected a clean error; stdout:\n${final.stdout}`).toBe(1);
    if (expected.code) expect(final.stderr).toMatch(new RegExp(`code: {5}(${expected.code.replace(/\./g, '\\.')})`));
  }

  if (final.code === 1) {
    // A refused run changes nothing (a run killed after its commit point was valid, so it cannot end here).
    expect(afterKill?.journal ?? false, 'a committed run cannot be refused on its rerun').toBe(false);
    expect(after).toEqual(before);
  } else {
    const fresh = fullSynth(/^kept the database and cache of /m.test(final.stdout));
    expect(ownOutput(after.generated)).toEqual(fresh.generated);
    expect(after.github).toEqual(fresh.github);
    // No allocation moves; a missing _allocations.json is recovered as it was.
    const was = before.allocations === undefined ? pristineAllocations : allocationsOf(before.allocations);
    const now = allocationsOf(after.allocations);
    for (const [name, allocation] of Object.entries(was)) if (name in now) expect(now[name], `allocation of ${name}`).toEqual(allocation);
    if (before.allocations !== undefined)
      expect(Object.keys(now).filter((n) => !(n in was))).toEqual(
        Object.keys(now).filter((n) => !(n in was) && existsSync(p(`customers/${n}/config.json`))),
      );
  }

  if (afterKill && !afterKill.journal) {
    // Output, allocations and workflows move together: all as before, or all as the finished run left them.
    const { journal: _journal, ...state } = afterKill;
    expect([before, after], 'state right after the kill').toContainEqual(state);
  }

  for (const [rel, content] of operatorFiles) expect(readFileSync(p(rel)).equals(content), `operator file ${rel}`).toBe(true);
  expect(debris(work)).toEqual([]);
  expect(processesIn(work)).toEqual([]);
}

describe('seeded fault injection: random config mutations and random kills of synth', () => {
  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'tw-fault-'));
    work = join(base, 'work');
    pristine = join(base, 'pristine');
    ref = join(base, 'ref');
    const repo = new TempRepo();
    cpSync(repo.root, work, { recursive: true });
    repo.dispose();
    // Synthesized where every round runs, so the synth cache of the copies is valid and runs are incremental.
    synthesize(buildModel(work), join(work, 'generated'));
    for (const ws of OPERATOR_WORKSPACES)
      for (const [f, content] of Object.entries(OPERATOR_FILES)) write(`generated/stacks/${ws}/${f}`, content);
    cpSync(work, pristine, { recursive: true });
  });
  afterAll(() => {
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it(
    `keeps generated/, allocations and operator files intact (TW_FAULT_SEED=${SEED}, TW_FAULT_ROUNDS=${ROUNDS})`,
    async () => {
      console.log(`fault injection: TW_FAULT_SEED=${SEED} TW_FAULT_ROUNDS=${ROUNDS}`);
      let n = 0;
      await fc.assert(
        fc.asyncProperty(scenario, async (s) => {
          console.log(`round ${++n}: ${JSON.stringify(s)}`);
          await round(s);
        }),
        { seed: SEED, numRuns: ROUNDS, endOnFailure: true },
      );
    },
    60_000 + ROUNDS * 45_000,
  );
});

// Fleet benchmark: validate, synth and changed on a synthetic repository of N customers,
// each command a real CLI child process, wall time and peak RSS as medians of several runs.
// Usage: npm run bench -- [--customers 100,1000] [--runs 3] [--baseline <git ref> | --no-baseline] [--only full] [--keep]
// See bench/README.md for what each operation means and the latest figures.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = resolve(__dirname, '..');
/** The generator as it was before the scale work (issue 11): the "naive full synth" every figure is compared with. */
const NAIVE_REF = '5d2e416';
/** Synthetic fleet mix, as the scale issue measured it: 3 small : 1 medium : 1 large, defaults otherwise. */
const TIER_MIX = ['small', 'small', 'small', 'medium', 'large'];

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '100' },
    runs: { type: 'string', default: '3' },
    baseline: { type: 'string', default: NAIVE_REF },
    'no-baseline': { type: 'boolean', default: false },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});

interface Sample {
  readonly seconds: number;
  readonly rssMiB: number;
}

interface Row {
  readonly customers: number;
  readonly operation: string;
  readonly samples: Sample[];
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Parent pid of every process, from /proc/<pid>/stat. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      out.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // the process ended while we looked
    }
  }
  return out;
}

function tree(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents()) children.set(ppid, [...(children.get(ppid) ?? []), pid]);
  const found = [rootPid];
  for (let i = 0; i < found.length; i++) found.push(...(children.get(found[i]) ?? []));
  return found;
}

function rssKiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs one command to completion. Peak RSS is the larger of: the sum of VmRSS over the
 * process tree, sampled every 50 ms (worker processes), and the largest single process's
 * max RSS as GNU time reports it (exact, catches peaks between samples).
 */
async function measure(cwd: string, argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Sample> {
  const timeFile = join(tmpdir(), `tw-bench-time-${process.pid}-${Date.now()}`);
  const started = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-f', '%M', '-o', timeFile, ...argv], {
    cwd,
    env: { ...process.env, CI: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let pids = [child.pid!];
  let peakKiB = 0;
  let tick = 0;
  const timer = setInterval(() => {
    if (tick++ % 5 === 0) pids = tree(child.pid!);
    peakKiB = Math.max(
      peakKiB,
      pids.reduce((sum, pid) => sum + rssKiB(pid), 0),
    );
  }, 50);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const timed = existsSync(timeFile) ? Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) : 0;
  rmSync(timeFile, { force: true });
  if (code !== 0) throw new Error(`${argv.join(' ')} exited ${code} in ${cwd}:\n${output.slice(-4000)}`);
  return { seconds, rssMiB: Math.max(peakKiB, Number.isFinite(timed) ? timed : 0) / 1024 };
}

function git(cwd: string, ...a: string[]): void {
  execFileSync('git', a, { cwd, stdio: 'ignore' });
}

/** A repository of `n` customers beside the shared files of `source` (platform, defaults, tiers, schemas). */
function syntheticRepo(source: string, n: number): string {
  const root = mkdtempSync(join(tmpdir(), `tw-bench-${n}-`));
  mkdirSync(join(root, 'customers'));
  for (const entry of ['_platform.json', '_defaults.json', '_tiers', '_schema'])
    cpSync(join(source, 'customers', entry), join(root, 'customers', entry), { recursive: true });
  for (let i = 0; i < n; i++) writeCustomer(root, i);
  git(root, 'init', '-q');
  git(root, 'config', 'user.email', 'bench@example.com');
  git(root, 'config', 'user.name', 'bench');
  return root;
}

const customerName = (i: number): string => `c${String(i).padStart(4, '0')}`;

function writeCustomer(root: string, i: number, extra: Record<string, unknown> = {}): void {
  const name = customerName(i);
  mkdirSync(join(root, 'customers', name), { recursive: true });
  writeFileSync(
    join(root, 'customers', name, 'config.json'),
    `${JSON.stringify({ name, tier: TIER_MIX[i % TIER_MIX.length], domain: `${name}.example.com`, ...extra }, null, 2)}\n`,
  );
}

/** The generator at `ref`, extracted to a temporary folder that shares this checkout's node_modules. */
function checkoutOf(ref: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tw-bench-naive-'));
  execFileSync('sh', ['-c', `git archive ${ref} | tar -x -C ${JSON.stringify(dir)}`], { cwd: ROOT });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

const cli = (code: string, root: string, ...command: string[]): string[] => [
  process.execPath,
  '--import',
  'tsx',
  join(code, 'generator/cli.ts'),
  '--root',
  root,
  ...command,
];

function supports(code: string, flag: string): boolean {
  return execFileSync(process.execPath, ['--import', 'tsx', join(code, 'generator/cli.ts'), 'synth', '--help'], {
    cwd: code,
    encoding: 'utf8',
  }).includes(flag);
}

/** `--only <text>`: only the operations whose name contains it are measured (the naive full synth always is: the ratios need it). */
const wanted = (operation: string): boolean => !args.only || operation === 'naive full synth' || operation.includes(args.only);

async function repeat(runs: number, before: (run: number) => void, once: () => Promise<Sample>, operation?: string): Promise<Sample[]> {
  const out: Sample[] = [];
  if (operation && !wanted(operation)) return out;
  for (let run = 0; run < runs; run++) {
    before(run);
    out.push(await once());
    process.stderr.write('.');
  }
  return out;
}

async function benchFleet(n: number, runs: number, naive: string | undefined): Promise<Row[]> {
  const rows: Row[] = [];
  const row = (operation: string, samples: Sample[]): void => {
    if (samples.length === 0) return;
    rows.push({ customers: n, operation, samples });
    // Each row as soon as it is measured: a long run stopped midway keeps what it measured.
    process.stderr.write(
      ` ${operation}: median ${median(samples.map((s) => s.seconds)).toFixed(2)} s, ${median(samples.map((s) => s.rssMiB)).toFixed(0)} MiB\n`,
    );
  };
  const scratch: string[] = [];
  try {
    if (naive) {
      const repo = syntheticRepo(naive, n);
      scratch.push(repo);
      row(
        'naive full synth',
        await repeat(
          runs,
          () => rmSync(join(repo, 'generated'), { recursive: true, force: true }),
          () => measure(naive, cli(naive, repo, 'synth')),
        ),
      );
    }
    const repo = syntheticRepo(ROOT, n);
    scratch.push(repo);
    const full = supports(ROOT, '--full') ? ['--full'] : [];
    const fresh = (): void => {
      for (const dir of ['generated', '.synth-cache']) rmSync(join(repo, dir), { recursive: true, force: true });
    };
    // A fresh clone: no generated/, no cache; validate synthesizes every workspace (into a scratch folder) for the policy pack.
    row('validate, fresh clone', await repeat(runs, fresh, () => measure(ROOT, cli(ROOT, repo, 'validate')), 'validate, fresh clone'));
    row('full synth', await repeat(runs, fresh, () => measure(ROOT, cli(ROOT, repo, 'synth', ...full)), 'full synth'));
    const incremental = [
      'synth, nothing changed',
      'validate, nothing changed',
      'validate, one customer edited',
      'synth, one customer edited',
      'changed --base HEAD',
    ];
    if (!incremental.some(wanted)) return rows;
    // Incremental runs start from a complete, committed synth (what a developer has after pulling main).
    await measure(ROOT, cli(ROOT, repo, 'synth'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'synthetic fleet');
    const unchanged = (command: string): Promise<Sample[]> =>
      repeat(
        runs,
        () => undefined,
        () => measure(ROOT, cli(ROOT, repo, command)),
      );
    row('synth, nothing changed', await unchanged('synth'));
    row('validate, nothing changed', await unchanged('validate'));
    // Each run edits another customer, validates (before synth, as a developer would), then synthesizes.
    const validated: Sample[] = [];
    const synthesized: Sample[] = [];
    for (let run = 0; run < runs; run++) {
      writeCustomer(repo, 1 + run * 7, { displayName: `Edited in run ${run}` });
      validated.push(await measure(ROOT, cli(ROOT, repo, 'validate')));
      synthesized.push(await measure(ROOT, cli(ROOT, repo, 'synth')));
      process.stderr.write('.');
    }
    row('validate, one customer edited', validated);
    row('synth, one customer edited', synthesized);
    row(
      'changed --base HEAD',
      await repeat(
        runs,
        () => undefined,
        () => measure(ROOT, cli(ROOT, repo, 'changed', '--base', 'HEAD', '--json')),
      ),
    );
    return rows;
  } finally {
    if (args.keep) process.stderr.write(`kept: ${scratch.join(' ')}\n`);
    else for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
  }
}

function render(rows: readonly Row[], runs: number): string {
  const naive = new Map(
    rows.filter((r) => r.operation === 'naive full synth').map((r) => [r.customers, median(r.samples.map((s) => s.seconds))]),
  );
  const lines = [
    '| customers | operation | median wall | peak RSS (median) | ratio to naive full synth | all runs (s) |',
    '|---:|---|---:|---:|---:|---|',
  ];
  for (const r of rows) {
    const wall = median(r.samples.map((s) => s.seconds));
    const base = naive.get(r.customers);
    lines.push(
      `| ${r.customers} | ${r.operation} | ${wall.toFixed(2)} s | ${median(r.samples.map((s) => s.rssMiB)).toFixed(0)} MiB | ${base ? (wall / base).toFixed(3) : 'n/a'} | ${r.samples.map((s) => s.seconds.toFixed(1)).join(', ')} |`,
    );
  }
  const cpu = cpus();
  const load = (l: number[]): string => l.map((x) => x.toFixed(2)).join(' / ');
  return [
    ...lines,
    '',
    `median of ${runs} runs; machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}; load average (1/5/15 min) at start ${load(startLoad)}, at end ${load(loadavg())}`,
  ].join('\n');
}

const startLoad = loadavg();

async function main(): Promise<void> {
  const fleets = args.customers.split(',').map(Number);
  const runs = Number(args.runs);
  if (fleets.some((n) => !Number.isInteger(n) || n < 1) || !Number.isInteger(runs) || runs < 1)
    throw new Error('usage: npm run bench -- [--customers 100,1000] [--runs 3] [--baseline <ref> | --no-baseline] [--keep]');
  const naive = args['no-baseline'] ? undefined : checkoutOf(args.baseline);
  const rows: Row[] = [];
  try {
    for (const n of fleets) rows.push(...(await benchFleet(n, runs, naive)));
  } finally {
    if (naive) rmSync(naive, { recursive: true, force: true });
  }
  console.log(render(rows, runs));
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});

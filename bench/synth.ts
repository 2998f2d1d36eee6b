// Synthesis time and memory for a synthetic repository of N customers.
// Usage: npx tsx bench/synth.ts [customers=100] [runs=3]
// Each run is a fresh child process (cold start, like `npm run synth`); prints the median.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const customers = Number(process.argv[2] ?? 100);
const runs = Number(process.argv[3] ?? 3);
const TIERS = ['small', 'small', 'small', 'medium', 'large'];

function syntheticRepo(n: number): string {
  const root = mkdtempSync(join(tmpdir(), 'tw-bench-'));
  mkdirSync(join(root, 'customers'));
  for (const entry of ['_platform.json', '_defaults.json', '_tiers', '_schema'])
    cpSync(join(ROOT, 'customers', entry), join(root, 'customers', entry), { recursive: true });
  for (let i = 0; i < n; i++) {
    const name = `c${String(i).padStart(4, '0')}`;
    mkdirSync(join(root, 'customers', name));
    writeFileSync(
      join(root, 'customers', name, 'config.json'),
      JSON.stringify({ name, tier: TIERS[i % TIERS.length], domain: `${name}.example.com` }),
    );
  }
  return root;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const root = syntheticRepo(customers);
const seconds: number[] = [];
const rssMiB: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    rmSync(join(root, 'generated'), { recursive: true, force: true });
    rmSync(join(root, 'customers', '_allocations.json'), { force: true });
    const out = execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `
        const t = process.hrtime.bigint();
        const { buildModel } = require(${JSON.stringify(join(ROOT, 'generator/model'))});
        const { synthesize } = require(${JSON.stringify(join(ROOT, 'generator/synth'))});
        synthesize(buildModel(${JSON.stringify(root)}), ${JSON.stringify(join(root, 'generated'))});
        const s = Number(process.hrtime.bigint() - t) / 1e9;
        console.log(JSON.stringify({ s, rss: process.resourceUsage().maxRSS / 1024 }));`,
      ],
      { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 },
    );
    const { s, rss } = JSON.parse(out.trim().split('\n').pop()!);
    seconds.push(s);
    rssMiB.push(rss);
  }
  console.log(
    `customers=${customers} runs=${runs} synth median ${median(seconds).toFixed(2)} s (all: ${seconds.map((s) => s.toFixed(2)).join(', ')}), peak RSS median ${median(rssMiB).toFixed(0)} MiB`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}

// Budget guard cost in validate: N customers whose estimates generated/costs.json already
// records (the fast path), and the in-memory synth a changed customer costs (the slow path).
// Usage: npx tsx bench/budget-guard.ts [customers=1000] [runs=5]
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkBudgets, COSTS_FILE, inputsKey } from '../generator/cost/budget-guard';
import { buildModel } from '../generator/model';

const [n = 1000, runs = 5] = process.argv.slice(2).map(Number);
const ROOT = resolve(__dirname, '..');
const TIERS = ['small', 'small', 'small', 'medium', 'large'];
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'tw-bench-budget-'));
  try {
    cpSync(join(ROOT, 'customers'), join(root, 'customers'), {
      recursive: true,
      filter: (src) => !/customers\/([a-z0-9-]+|_allocations\.json)(\/|$)/.test(src.slice(ROOT.length)),
    });
    for (let i = 0; i < n; i++) {
      const name = `c${String(i).padStart(4, '0')}`;
      mkdirSync(join(root, 'customers', name));
      writeFileSync(
        join(root, 'customers', name, 'config.json'),
        JSON.stringify({ name, tier: TIERS[i % 5], domain: `${name}.example.com` }),
      );
    }
    const model = buildModel(root);
    // What synth would record: every customer's inputs digest (the estimate itself does not matter here).
    const workspaces = Object.fromEntries(
      model.plans.map((p) => [`customer-${p.customer.config.name}`, { inputs: inputsKey(model, p), monthlyUsd: 1, largest: [] }]),
    );
    mkdirSync(join(root, 'generated'));
    writeFileSync(join(root, 'generated', COSTS_FILE), JSON.stringify({ workspaces }));
    const fast: number[] = [];
    for (let r = 0; r < runs; r++) {
      const t = process.hrtime.bigint();
      const check = await checkBudgets(model);
      fast.push(Number(process.hrtime.bigint() - t) / 1e6);
      if (check.synthesized.length) throw new Error('expected the fast path');
    }
    // Slow path: a changed customer is synthesized in memory (the first one also loads cdktf).
    writeFileSync(join(root, 'generated', COSTS_FILE), JSON.stringify({ workspaces: {} }));
    const slow: number[] = [];
    const ten = model.plans.slice(0, 10);
    for (let r = 0; r < runs; r++) {
      const t = process.hrtime.bigint();
      await checkBudgets(model, ten);
      slow.push(Number(process.hrtime.bigint() - t) / 1e6 / ten.length);
    }
    console.log(`budget guard, ${n} customers recorded in costs.json: median ${median(fast).toFixed(0)} ms per validate (${runs} runs)`);
    console.log(
      `budget guard, customer changed since synth: median ${median(slow).toFixed(0)} ms per customer (in-memory synth + estimate, 10 customers x ${runs} runs)`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

void main();

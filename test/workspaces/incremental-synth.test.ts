import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { synthesize, type SynthResult } from '../../generator/synth';
import { cacheFile } from '../../generator/synth-cache';
import { treeDigest } from '../helpers/cli';
import { REPO_ROOT, TempRepo } from '../helpers/repo';
import { seeded } from '../helpers/seeded';

const run = promisify(execFile);
const TIERS = ['small', 'small', 'small', 'medium', 'large'] as const;
const CUSTOMERS = 50;
/** Edits the property test makes (each kind of edit once per 11); TW_PROPERTY_EDITS raises it for a longer soak. */
const EDITS = Number(process.env.TW_PROPERTY_EDITS ?? 11);

let cleanup: (() => void)[] = [];
afterEach(() => {
  cleanup.forEach((f) => f());
  cleanup = [];
});

const name = (i: number): string => `c${String(i).padStart(3, '0')}`;

function fleet(n: number): TempRepo {
  const repo = new TempRepo({ withExamples: false });
  cleanup.push(() => repo.dispose());
  for (let i = 0; i < n; i++) repo.addCustomer(name(i), { tier: TIERS[i % TIERS.length], domain: `${name(i)}.example.com` });
  return repo;
}

/** A full synth from scratch of the same customers/ (allocations included), into a fresh folder. */
function fromScratch(repo: TempRepo): TempRepo {
  const reference = new TempRepo({ withExamples: false });
  cleanup.push(() => reference.dispose());
  rmSync(reference.path('customers'), { recursive: true, force: true });
  cpSync(repo.path('customers'), reference.path('customers'), { recursive: true });
  return reference;
}

function snapshot(repo: TempRepo): Record<string, unknown> {
  return {
    generated: treeDigest(repo.path('generated')),
    workflows: treeDigest(repo.path('.github')),
    allocations: readFileSync(repo.path('customers/_allocations.json'), 'utf8'),
  };
}

interface Edit {
  readonly what: string;
  /** The only workspaces the incremental synth may rebuild, when the edit is that narrow. */
  readonly rebuilds?: readonly string[];
  readonly apply: (repo: TempRepo) => void;
}

/** The `step`-th edit: every kind of edit in turn (in a seeded order), each with random targets and values. */
function randomEdit(rnd: () => number, step: number, order: readonly number[], repo: TempRepo, present: string[]): Edit {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const n = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const customer = pick(present);
  const file = `customers/${customer}/config.json`;
  const kinds: (() => Edit)[] = [
    () => {
      const value = `Customer ${n(1, 9999)}`;
      return {
        what: `${customer}.displayName = ${value}`,
        rebuilds: [`customer-${customer}`],
        apply: (r) => r.edit(file, (c) => (c.displayName = value)),
      };
    },
    () => {
      const value = n(50, 5000);
      return {
        what: `${customer}.budget.monthlyUsd = ${value}`,
        rebuilds: [`customer-${customer}`],
        apply: (r) => r.edit(file, (c) => (c.budget = { monthlyUsd: value })),
      };
    },
    () => {
      const value = n(1, 3);
      return {
        what: `${customer}.rolloutWave = ${value}`,
        rebuilds: [`customer-${customer}`],
        apply: (r) => r.edit(file, (c) => (c.rolloutWave = value)),
      };
    },
    () => {
      const value = `cc-${n(100, 999)}`;
      return {
        what: `${customer}.tags.CostCenter = ${value}`,
        rebuilds: [`customer-${customer}`],
        apply: (r) => r.edit(file, (c) => (c.tags = { CostCenter: value })),
      };
    },
    () => {
      const tier = pick(['small', 'medium', 'large']);
      const value = n(1, 35);
      return {
        what: `tier ${tier}: database.backupRetentionDays = ${value}`,
        apply: (r) => r.edit(`customers/_tiers/${tier}.json`, (t) => (t.database = { ...t.database, backupRetentionDays: value })),
      };
    },
    () => {
      const tier = pick(['small', 'medium', 'large']);
      const value = n(100, 3000);
      return {
        what: `tier ${tier}: budget.monthlyUsd = ${value}`,
        apply: (r) => r.edit(`customers/_tiers/${tier}.json`, (t) => (t.budget = { monthlyUsd: value })),
      };
    },
    () => {
      const value = `team-${n(1, 99)}`;
      return {
        what: `platform tags.Owner = ${value}`,
        apply: (r) => r.edit('customers/_platform.json', (p) => (p.tags = { ...p.tags, Owner: value })),
      };
    },
    () => {
      const value = n(30, 300);
      return {
        what: `platform loadBalancer.idleTimeoutSeconds = ${value}`,
        apply: (r) => r.edit('customers/_platform.json', (p) => (p.loadBalancer = { ...p.loadBalancer, idleTimeoutSeconds: value })),
      };
    },
    () => {
      const allocations = repo.read('customers/_allocations.json').customers as Record<string, { albShard: number; priorityBlock: number }>;
      const pooled = present.filter((c) => allocations[c]);
      const moved = pick(pooled);
      const shard = allocations[moved].albShard;
      const free =
        Math.max(
          ...Object.values(allocations)
            .filter((a) => a.albShard === shard)
            .map((a) => a.priorityBlock),
        ) + 1;
      return {
        what: `allocation of ${moved}: priority block ${free}`,
        rebuilds: [`customer-${moved}`],
        apply: (r) => r.edit('customers/_allocations.json', (a) => (a.customers[moved] = { albShard: shard, priorityBlock: free })),
      };
    },
    () => {
      const added = `n${String(n(0, 999)).padStart(3, '0')}`;
      return {
        what: `new customer ${added}`,
        apply: (r) => {
          r.addCustomer(added, { tier: pick(TIERS), domain: `${added}.example.com` });
          present.push(added);
        },
      };
    },
    () => ({
      what: `customer ${customer} removed`,
      apply: (r) => {
        r.remove(`customers/${customer}`);
        present.splice(present.indexOf(customer), 1);
      },
    }),
  ];
  return kinds[order[step % order.length] % kinds.length]();
}

const EDIT_KINDS = 11;

describe('incremental synth', () => {
  it(`equals a full synth from scratch after each of ${EDITS} seeded random edits of a ${CUSTOMERS}-customer repository`, () => {
    // GIVEN a fleet synthesized once (which writes the cache)
    const rnd = seeded(11);
    const order = Array.from({ length: EDIT_KINDS }, (_, i) => i).sort(() => rnd() - 0.5);
    const repo = fleet(CUSTOMERS);
    const present = Array.from({ length: CUSTOMERS }, (_, i) => name(i));
    synthesize(repo.model(), repo.path('generated'), { incremental: true });
    let narrow = 0;
    for (let step = 0; step < EDITS; step++) {
      // WHEN one random edit is made and synth runs incrementally
      const edit = randomEdit(rnd, step, order, repo, present);
      edit.apply(repo);
      const reference = fromScratch(repo);
      const result: SynthResult = synthesize(repo.model(), repo.path('generated'), { incremental: true });
      synthesize(reference.model(), reference.path('generated'));
      // THEN its output, allocations and workflows are byte for byte those of a full synth from scratch
      expect(snapshot(repo), `after edit ${step}: ${edit.what}`).toEqual(snapshot(reference));
      // AND an edit of one customer rebuilt that workspace only
      if (edit.rebuilds) {
        expect(result.rebuilt, `after edit ${step}: ${edit.what}`).toEqual(edit.rebuilds);
        narrow++;
      }
      reference.dispose();
    }
    expect(narrow, 'narrow edits were made').toBeGreaterThanOrEqual(Math.min(EDITS, 5));
  }, 1_800_000);

  it('rebuilds nothing and writes nothing when nothing changed', () => {
    const repo = fleet(6);
    synthesize(repo.model(), repo.path('generated'), { incremental: true });
    const result = synthesize(repo.model(), repo.path('generated'), { incremental: true });
    expect(result.rebuilt).toEqual([]);
    expect(result.output.written).toEqual([]);
    expect(result.output.removed).toEqual([]);
  });

  it('rebuilds a workspace whose files were edited by hand, even though its inputs did not change', () => {
    const repo = fleet(6);
    synthesize(repo.model(), repo.path('generated'), { incremental: true });
    const before = treeDigest(repo.path('generated'));
    writeFileSync(repo.path('generated/stacks/customer-c002/cdk.tf.json'), '{}');
    const result = synthesize(repo.model(), repo.path('generated'), { incremental: true });
    expect(result.rebuilt).toEqual(['customer-c002']);
    expect(treeDigest(repo.path('generated'))).toEqual(before);
  });

  it.each([
    ['corrupted', (text: string) => text.slice(0, text.length / 2), 'not valid JSON'],
    ['tampered', (text: string) => text.replace(/"key":"[0-9a-f]{4}/, '"key":"0000'), 'checksum mismatch'],
    ['foreign', (text: string) => text.replace(/"outdir":"[^"]+"/, '"outdir":"/elsewhere/generated"'), 'describes /elsewhere/generated'],
  ])('ignores a %s cache, says so and rebuilds everything', (_kind, damage, why) => {
    const repo = fleet(3);
    synthesize(repo.model(), repo.path('generated'), { incremental: true });
    const file = cacheFile(repo.path('generated'));
    writeFileSync(file, damage(readFileSync(file, 'utf8')));
    const result = synthesize(repo.model(), repo.path('generated'), { incremental: true });
    expect(result.cacheIgnored).toContain(why);
    expect(result.rebuilt).toHaveLength(5);
    expect(result.output.written).toEqual([]);
  });

  it('rebuilds every workspace when the constructs change (a real edit of modules/ in a copy of the generator)', async () => {
    // GIVEN a repository synthesized incrementally by this generator
    const repo = fleet(3);
    synthesize(repo.model(), repo.path('generated'), { incremental: true });
    // AND a copy of the generator whose workspace stack adds a default tag
    const code = mkdtempSync(join(tmpdir(), 'tw-code-'));
    cleanup.push(() => rmSync(code, { recursive: true, force: true }));
    for (const entry of ['generator', 'modules', 'contract', 'main.ts', 'package.json', 'package-lock.json', 'tsconfig.json'])
      cpSync(join(REPO_ROOT, entry), join(code, entry), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules'), join(code, 'node_modules'));
    const stack = join(code, 'modules/stacks/workspace-stack.ts');
    const source = readFileSync(stack, 'utf8');
    const edited = source.replace(
      'tags: workspaceTags(platform, props.tags)',
      "tags: { ...workspaceTags(platform, props.tags), Probe: 'edited' }",
    );
    expect(edited, 'the edit applies').not.toBe(source);
    writeFileSync(stack, edited);
    const synth = (root: string, ...flags: string[]) =>
      run(process.execPath, ['--import', 'tsx', join(code, 'generator/cli.ts'), '--root', root, 'synth', ...flags], {
        cwd: REPO_ROOT,
        env: { ...process.env, TW_SYNTH_WORKERS: '1' },
        timeout: 300_000,
      });
    // WHEN the copy synthesizes incrementally, and from scratch elsewhere
    const reference = fromScratch(repo);
    await synth(repo.root);
    await synth(reference.root, '--full');
    // THEN every workspace carries the new tag, exactly as from scratch
    for (const ws of ['bootstrap', 'platform', 'customer-c000', 'customer-c001', 'customer-c002'])
      expect(repo.stack(ws).provider.aws[0].default_tags[0].tags.Probe, ws).toBe('edited');
    expect(snapshot(repo)).toEqual(snapshot(reference));
  }, 600_000);
});

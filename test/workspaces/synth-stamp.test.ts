import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { synthesize } from '../../generator/synth';
import { stampFile, unchangedSince } from '../../generator/synth-stamp';
import { cli } from '../helpers/cli';
import { TempRepo } from '../helpers/repo';

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

function synthesized(): TempRepo {
  repo = new TempRepo();
  synthesize(repo.model(), repo.path('generated'), { incremental: true });
  return repo;
}

describe('the record of the last complete synth (no-op runs skip loading the configs)', () => {
  it('holds right after a synth, and says what a no-op run prints: every workspace unchanged, the waivers in force', () => {
    const r = synthesized();
    const unchanged = unchangedSince(r.path('generated'), r.root);
    expect(unchanged?.result.workspaces).toContain('customer-acme');
    expect(unchanged?.result.output.written).toEqual([]);
    expect(unchanged?.result.waivers.length).toBeGreaterThan(0);
    // AND it is exactly what the normal path reports when nothing changed
    const normal = synthesize(r.model(), r.path('generated'), { incremental: true });
    expect(normal.rebuilt).toEqual([]);
    expect(unchanged?.result.output.unchanged).toBe(normal.output.unchanged);
    expect(unchanged?.result.waivers).toEqual(normal.waivers);
    expect(unchanged?.result.workspaces).toEqual(normal.workspaces);
  });

  it.each<[string, (r: TempRepo) => void]>([
    ["an edit of a customer's config", (r) => r.edit('customers/globex/config.json', (c) => (c.displayName = 'Globex Two'))],
    ['an edit of a tier file', (r) => r.edit('customers/_tiers/small.json', (t) => (t.budget = { monthlyUsd: 999 }))],
    ['an edit of the platform file', (r) => r.edit('customers/_platform.json', (p) => (p.tags = { ...p.tags, Owner: 'team-z' }))],
    ['an edit of a schema', (r) => appendFileSync(r.path('customers/_schema/customer.schema.json'), '\n')],
    ['a new customer folder', (r) => r.addCustomer('newco', { tier: 'small', domain: 'newco.example.com' })],
    ['an edit of the allocations', (r) => r.edit('customers/_allocations.json', (a) => (a.customers.acme.priorityBlock += 50))],
    ['a generated file edited by hand', (r) => appendFileSync(r.path('generated/stacks/customer-acme/cdk.tf.json'), ' ')],
    ['a generated file removed', (r) => rmSync(r.path('generated/stacks/platform/README.md'))],
    ['a workflow edited by hand', (r) => appendFileSync(r.path('.github/workflows/plan.yml'), '# edited\n')],
  ])('no longer holds after %s', (_what, change) => {
    const r = synthesized();
    change(r);
    expect(unchangedSince(r.path('generated'), r.root)).toBeUndefined();
  });

  it('is not trusted when damaged, or when it describes another folder', () => {
    const r = synthesized();
    const file = stampFile(r.path('generated'));
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.length / 2));
    expect(unchangedSince(r.path('generated'), r.root)).toBeUndefined();
    writeFileSync(file, text.replace(/"outdir":"[^"]+"/, '"outdir":"/elsewhere/generated"'));
    expect(unchangedSince(r.path('generated'), r.root)).toBeUndefined();
  });

  it('synth and validate print the same through the record as without it', async () => {
    const r = synthesized();
    const run = async (...args: string[]): Promise<string> => {
      const out = await cli(['--root', r.root, ...args]);
      expect(out.code, out.stderr).toBe(0);
      return out.stdout.replace(/ in \d+\.\d s /, ' ');
    };
    const fast = [await run('synth'), await run('validate'), await run('validate', 'globex')];
    // Without the record (synth writes it again: removed before each validate too)
    const forget = (): void => rmSync(stampFile(r.path('generated')), { force: true });
    forget();
    const slow = [await run('synth')];
    forget();
    slow.push(await run('validate'), await run('validate', 'globex'));
    expect(unchangedSince(r.path('generated'), r.root), 'validate does not write the record').toBeUndefined();
    expect(fast).toEqual(slow);
    expect(fast[1]).toContain('ok  acme');
    expect(fast[2]).toContain('1 customer valid');
  }, 240_000);
});

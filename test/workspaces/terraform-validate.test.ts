import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempRepo } from '../helpers/repo';
import { mapLimit, validateWorkspace } from '../helpers/terraform';

// Terraform is required: the helper throws with install instructions when it is missing.
describe('terraform validate of every example workspace', () => {
  let repo: TempRepo;
  let results: Record<string, { valid: boolean; diagnostics: string }>;

  beforeAll(async () => {
    repo = new TempRepo();
    const stacks = join(repo.synth(), 'stacks');
    const workspaces = readdirSync(stacks).sort();
    const outcome = await mapLimit(workspaces, 2, (ws) => validateWorkspace(join(stacks, ws)));
    results = Object.fromEntries(workspaces.map((ws, i) => [ws, outcome[i]]));
  });
  afterAll(() => repo?.dispose());

  it('covers the bootstrap, the platform and each example customer', () => {
    expect(Object.keys(results)).toEqual([
      'bootstrap',
      'customer-acme',
      'customer-customer1',
      'customer-customer2',
      'customer-global',
      'customer-globex',
      'platform',
    ]);
  });

  it.each(['bootstrap', 'platform', 'customer-acme', 'customer-customer1', 'customer-customer2', 'customer-global', 'customer-globex'])(
    '%s is valid',
    (ws) => {
      expect(results[ws].diagnostics).toBe('');
      expect(results[ws].valid).toBe(true);
    },
  );
});

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempRepo } from '../helpers/repo';
import { mapLimit, validateWorkspace } from '../helpers/terraform';
import { synthesized } from './examples';

/** Combinations the examples leave out: no data stores with an outside image and template text; dedicated with a CDN assets origin. */
const VARIANTS: Record<string, Record<string, unknown>> = {
  lean: {
    tier: 'small',
    domain: 'lean.example.com',
    database: { enabled: false },
    cache: { enabled: false },
    storage: { uploads: false },
    services: {
      api: { image: 'public.ecr.aws/nginx/nginx:1.27', environment: { GREETING: 'hi ${USER} %{x} "quoted"' } },
      frontend: { enabled: false },
    },
  },
  edge: {
    tier: 'large',
    domain: 'edge.example.com',
    database: { enabled: false },
    cdn: { enabled: true, assetsOrigin: true },
    waivers: [
      { rule: 'TW-CDN-005', reason: 'This validation variant turns the CDN on without access logs; the policy pack is not what it tests.' },
    ],
  },
};

// The example customers are validated with every other example workspace in
// test/workspaces/terraform-validate.test.ts; these are the variants they leave out.
describe('terraform validate of customer workspace variants', () => {
  const customers = Object.keys(VARIANTS);
  let repo: TempRepo;
  let results: Record<string, { valid: boolean; diagnostics: string }>;

  beforeAll(async () => {
    repo = synthesized((r) => Object.entries(VARIANTS).forEach(([name, config]) => r.addCustomer(name, config)));
    const outcome = await mapLimit(customers, 2, (c) => validateWorkspace(join(repo.root, 'generated', 'stacks', `customer-${c}`)));
    results = Object.fromEntries(customers.map((c, i) => [c, outcome[i]]));
  });
  afterAll(() => repo?.dispose());

  it.each(customers)('GIVEN customer %s WHEN its workspace is validated THEN Terraform accepts it', (customer) => {
    expect(results[customer].diagnostics).toBe('');
    expect(results[customer].valid).toBe(true);
  });
});

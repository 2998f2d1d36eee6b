import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBudgets } from '../../generator/cost/budget-guard';
import { cli, treeDigest } from '../helpers/cli';
import { TempRepo } from '../helpers/repo';

/** customer1 (small) at the eu-west-1 snapshot: $73.89 per month; its three largest items. */
const CUSTOMER1_REJECTION = [
  'customers/customer1/config.json: budget.monthlyUsd: estimated $73.89 per month exceeds the budget of $50.00; largest items: ' +
    '$14.78 customer1-api: 1 task(s) × 0.5 vCPU × 730 h (aws_ecs_service.customer_service-api_service_99F91C82); ' +
    '$13.14 saas-prod-customer1: db.t4g.micro single-az × 730 h (aws_db_instance.customer_database_primary_2B916A69); ' +
    '$13.14 saas-prod-customer1: 1 × cache.t4g.micro × 730 h (aws_elasticache_replication_group.customer_cache_redis_AD13DFE2)',
  '  received: 50',
  '  allowed:  at least 74 (raise budget.monthlyUsd in customers/customer1/config.json on purpose), or smaller sizes; see npm run cost -- customer1 --explain',
  '  code:     rule.budget-exceeded',
].join('\n');

describe('budget guard', () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.dispose());

  it('fails validate when a customer costs more than its budget: the estimate, the budget, the three largest items', async () => {
    repo = new TempRepo().edit('customers/customer1/config.json', (c) => (c.budget = { monthlyUsd: 50 }));
    const r = await cli(['--root', repo.root, 'validate']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`1 configuration error:\n\n${CUSTOMER1_REJECTION}\n`);
  });

  it('fails synth with the same text and leaves generated/ as it was', async () => {
    repo = new TempRepo();
    repo.synth();
    const before = treeDigest(repo.path('generated'));
    repo.edit('customers/customer1/config.json', (c) => (c.budget = { monthlyUsd: 50 }));
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`1 configuration error:\n\n${CUSTOMER1_REJECTION}\n`);
    expect(treeDigest(repo.path('generated'))).toEqual(before);
  });

  it('passes once the config raises the budget to cover the estimate', async () => {
    repo = new TempRepo().edit('customers/customer1/config.json', (c) => (c.budget = { monthlyUsd: 74 }));
    const r = await cli(['--root', repo.root, 'validate', 'customer1']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('reuses the estimates synth recorded in generated/costs.json, and prices again only the customer whose inputs changed', async () => {
    repo = new TempRepo();
    repo.synth();
    expect(Object.keys(JSON.parse(readFileSync(repo.path('generated/costs.json'), 'utf8')).workspaces)).toEqual([
      'customer-acme',
      'customer-customer1',
      'customer-customer2',
      'customer-global',
      'customer-globex',
    ]);
    expect(await checkBudgets(repo.model())).toEqual({ issues: [], synthesized: [] });

    repo.edit('customers/customer1/config.json', (c) => {
      c.services.api.desiredCount = 3;
      c.budget = { monthlyUsd: 100 };
    });
    const check = await checkBudgets(repo.model());
    expect(check.synthesized).toEqual(['customer1']);
    // Two more api tasks: 73.8851 + 2 × (0.5 × 730 × 0.04048 + 1 × 730 × 0.004445) = 109.9252.
    expect(check.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/^estimated \$109\.93 per month exceeds the budget of \$100\.00;/),
    ]);
  });

  it('skips the check, saying so, when the platform region has no price snapshot', async () => {
    repo = new TempRepo().setRegion('ap-southeast-2').edit('customers/customer1/config.json', (c) => (c.budget = { monthlyUsd: 1 }));
    expect(existsSync(repo.path('generated'))).toBe(false);
    const r = await cli(['--root', repo.root, 'validate']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^note: no price snapshot for ap-southeast-2 \(.*ap-southeast-2\.json\): budgets not checked\n$/);
  });
});

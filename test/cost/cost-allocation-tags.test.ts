import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePlatformOutputs } from '../../generator/local/rehearsal';
import { mockApplyTest, lifecycleOverride } from '../helpers/mock-apply';
import { TempRepo } from '../helpers/repo';
import { terraform } from '../helpers/terraform';

type Synth = Record<string, any>;
const budgetOf = (s: Synth): any => Object.values(s.resource.aws_budgets_budget)[0];
const defaultTags = (s: Synth, i = 0): Record<string, string> => s.provider.aws[i].default_tags[0].tags;

describe('cost-allocation tags', () => {
  let repo: TempRepo;
  let off: TempRepo;

  beforeAll(() => {
    repo = new TempRepo();
    repo.synth();
    off = new TempRepo().edit('customers/_platform.json', (p) => (p.cost = { activateAllocationTags: false }));
    off.synth();
  });
  afterAll(() => {
    repo?.dispose();
    off?.dispose();
  });

  it('GIVEN the example platform WHEN synthesized THEN Customer, Tier, App, Environment, Owner and CostCenter are activated, and the output lists them', () => {
    const platform = repo.stack('platform');
    const tags = Object.values<any>(platform.resource.aws_ce_cost_allocation_tag);
    expect(tags.map((t) => [t.tag_key, t.status]).sort()).toEqual(
      ['App', 'CostCenter', 'Customer', 'Environment', 'Owner', 'Tier'].map((k) => [k, 'Active']),
    );
    // The output is made of references, so it is only known once every activation succeeded.
    const ids = Object.keys(platform.resource.aws_ce_cost_allocation_tag).sort();
    expect(platform.output.cost_allocation_tags.value).toEqual(ids.map((id) => `\${aws_ce_cost_allocation_tag.${id}.tag_key}`));
  });

  it('GIVEN a customer WHEN synthesized THEN its budget is created only once the platform output holds Customer', () => {
    const budget = budgetOf(repo.stack('customer-acme'));
    expect(budget.cost_filter).toEqual([{ name: 'TagKeyValue', values: ['user:Customer$acme'] }]);
    expect(budget.lifecycle.precondition).toEqual([
      {
        condition: expect.stringMatching(
          /^\$\{contains\(try\(data\.terraform_remote_state\.platform_[A-F0-9]+\.outputs\.cost_allocation_tags, \[\]\), "Customer"\)\}$/,
        ),
        error_message: expect.stringContaining('has not activated the Customer cost-allocation tag'),
      },
    ]);
  });

  it('GIVEN every workspace THEN every provider tags its resources with Tier: the customer tier, or "platform" for shared ones', () => {
    for (const ws of ['bootstrap', 'platform']) {
      const s = repo.stack(ws);
      for (let i = 0; i < s.provider.aws.length; i++) expect(defaultTags(s, i).Tier, `${ws} provider ${i}`).toBe('platform');
    }
    expect(defaultTags(repo.stack('customer-customer1'))).toMatchObject({ Customer: 'customer1', Tier: 'small' });
    expect(defaultTags(repo.stack('customer-acme'))).toMatchObject({ Customer: 'acme', Tier: 'medium' });
    expect(defaultTags(repo.stack('customer-globex'))).toMatchObject({ Customer: 'globex', Tier: 'large' });
    // No resource overrides Tier with something else (subnets say SubnetTier).
    for (const ws of ['platform', 'customer-acme', 'customer-globex']) {
      const overriding = Object.values<Record<string, any>>(repo.stack(ws).resource).flatMap((byId) =>
        Object.values(byId).filter((b) => b.tags?.Tier !== undefined),
      );
      expect(overriding, ws).toEqual([]);
    }
  });

  it('GIVEN cost.activateAllocationTags false THEN nothing is activated, the output is empty and budgets do not wait', () => {
    expect(off.stack('platform').resource.aws_ce_cost_allocation_tag).toBeUndefined();
    expect(off.stack('platform').output.cost_allocation_tags.value).toEqual([]);
    expect(budgetOf(off.stack('customer-acme')).lifecycle).toBeUndefined();
  });

  it('fails a mocked apply of a customer whose platform has not activated Customer, with the reason', async () => {
    const model = repo.model();
    const dir = mkdtempSync(join(tmpdir(), 'tw-budget-'));
    cpSync(repo.path('generated/stacks/customer-customer1'), dir, { recursive: true });
    const synthesized = repo.stack('customer-customer1');
    const outputs = { ...examplePlatformOutputs(model.platform, model.allocation.shardCount), cost_allocation_tags: ['App', 'Tier'] };
    const lifted = lifecycleOverride(synthesized);
    if (lifted) writeFileSync(join(dir, 'teardown_override.tf.json'), JSON.stringify(lifted));
    writeFileSync(
      join(dir, 'mocked.tftest.hcl'),
      mockApplyTest({
        synthesized,
        region: model.platform.region,
        zoneName: model.platform.domain.name,
        platformOutputs: outputs,
        assertions: [],
      }),
    );
    const run = await terraform(dir, ['init', '-backend=false', '-input=false', '-no-color'])
      .then((init) => (init.code === 0 ? terraform(dir, ['test', '-no-color']) : init))
      .finally(() => rmSync(dir, { recursive: true, force: true }));
    expect(run.code).not.toBe(0);
    expect(`${run.stdout}\n${run.stderr}`.replace(/\s+/g, ' ')).toContain(
      'The platform has not activated the Customer cost-allocation tag yet (its cost_allocation_tags output lacks it), so this budget would track nothing: apply the platform workspace first.',
    );
  });
});

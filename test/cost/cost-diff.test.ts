import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderPlanComment } from '../../generator/ci/plan-comment';
import { type CostDiff, costDiff } from '../../generator/cost/diff';
import { TempRepo } from '../helpers/repo';

const H = 730;

describe('cost --base: what a pull request changes in the monthly bill', () => {
  let repo: TempRepo;
  let diff: CostDiff;

  beforeAll(() => {
    // GIVEN a base commit with the synthesized examples
    repo = new TempRepo();
    repo.synth();
    const git = (...args: string[]): string =>
      execFileSync('git', args, { cwd: repo.root, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] });
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'ci@example.com');
    git('config', 'user.name', 'ci');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    // WHEN customer1 runs two more api tasks and initech (small) is added
    repo
      .edit('customers/customer1/config.json', (c) => (c.services.api.desiredCount = 3))
      .addCustomer('initech', { tier: 'small', domain: 'initech.example.com' });
    repo.synth();
    diff = costDiff(repo.root, 'main');
  });
  afterAll(() => repo?.dispose());

  it('prices each changed workspace before and after, and the fleet', () => {
    const twoApiTasks = 2 * (0.5 * H * 0.04048 + 1 * H * 0.004445); // 36.0401
    expect(diff.workspaces).toEqual([
      { workspace: 'customer-customer1', customer: 'customer1', beforeUsd: 73.89, afterUsd: 109.93 }, // 73.8851 + 36.0401
      { workspace: 'customer-initech', customer: 'initech', afterUsd: 73.89 }, // a small customer, added
    ]);
    expect(diff.fleet.afterUsd - diff.fleet.beforeUsd).toBeCloseTo(109.93 - 73.89 + 73.89, 2);
    expect(109.93 - 73.89).toBeCloseTo(twoApiTasks, 1);
  });

  it('is shown in the plan comment: before → after and delta per workspace, and the fleet total', () => {
    const { markdown } = renderPlanComment([], { cost: diff });
    // No plans: the comment says so; the cost section needs plans to sit under.
    expect(markdown).not.toContain('Monthly estimate');
    const withPlans = renderPlanComment(
      [{ workspace: { workspace: 'customer-initech', change: 'added', kind: 'customer', customer: 'initech', wave: 1, stateKey: 'k' } }],
      { cost: diff },
    ).markdown;
    const before = diff.fleet.beforeUsd.toLocaleString('en-US', { minimumFractionDigits: 2 });
    const after = diff.fleet.afterUsd.toLocaleString('en-US', { minimumFractionDigits: 2 });
    expect(withPlans).toContain(
      `**Monthly estimate** (on-demand, eu-west-1 prices of 2025-06-01; \`npm run cost\`): fleet $${before} → $${after} (+$109.93)`,
    );
    expect(withPlans).toContain('| workspace | before | after | delta |\n|---|---:|---:|---:|');
    expect(withPlans).toContain('| `customer-customer1` | $73.89 | $109.93 | +$36.04 |');
    expect(withPlans).toContain('| `customer-initech` | – | $73.89 | +$73.89 |');
  });
});

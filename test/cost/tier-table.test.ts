import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderTierTable } from '../../generator/cost/tier-table';
import { REPO_ROOT } from '../helpers/repo';

describe("README's tier comparison", () => {
  it('is exactly what npm run cost -- --tiers prints from the estimator', async () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const block = /<!-- tiers:start -->\n([\s\S]*?)\n<!-- tiers:end -->/.exec(readme)?.[1];
    const table = await renderTierTable(REPO_ROOT);
    expect(block).toBe(table);
    // The figures are the hand-checked ones of estimate.test.ts: small = customer1, large = globex, medium = acme without its CDN.
    expect(table).toContain('| $73.89 | $150.00 |');
    expect(table).toContain('| $274.37 | $600.00 |'); // 294.8654 - 20.50 of CloudFront
    expect(table).toContain('| $1,577.83 | $3,000.00 |');
  });
});

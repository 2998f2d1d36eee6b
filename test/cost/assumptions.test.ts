import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { USAGE_ASSUMPTIONS } from '../../generator/cost/assumptions';
import { REPO_ROOT, TempRepo } from '../helpers/repo';

describe('usage assumptions in customers/_platform.json', () => {
  let repo: TempRepo | undefined;
  afterEach(() => repo?.dispose());

  it('the schema states every assumption with the same default and description as the estimator', () => {
    const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'customers/_schema/platform.schema.json'), 'utf8'));
    const usage = schema.properties.cost.properties.usage.properties;
    expect(Object.keys(usage).sort()).toEqual(Object.keys(USAGE_ASSUMPTIONS).sort());
    for (const [key, a] of Object.entries(USAGE_ASSUMPTIONS)) {
      expect(usage[key].default, key).toBe(a.default);
      expect(usage[key].description, key).toBe(`${a.description} @default ${a.default}`);
    }
  });

  it('fails when an override is unknown or negative, naming the file and path', () => {
    repo = new TempRepo().edit('customers/_platform.json', (p) => (p.cost = { usage: { natDataGiBPerGatewayMonth: -1, natGiB: 5 } }));
    const found = repo.rejection().map((i) => [i.file, i.path, i.code]);
    expect(found).toContainEqual(['customers/_platform.json', 'cost.usage.natDataGiBPerGatewayMonth', 'schema.minimum']);
    expect(found).toContainEqual(['customers/_platform.json', 'cost.usage.natGiB', 'schema.unknown-key']);
  });
});

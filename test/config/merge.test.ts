import { afterEach, describe, expect, it } from 'vitest';
import { mergeLayers } from '../../generator/config/merge';
import type { LayerSource } from '../../contract/config';
import { TempRepo } from '../helpers/repo';

const defaults: LayerSource = { layer: 'defaults', file: 'd.json' };
const tier: LayerSource = { layer: 'tier:medium', file: 't.json' };
const customer: LayerSource = { layer: 'customer', file: 'c.json' };

describe('mergeLayers', () => {
  it('deep-merges objects, replaces arrays, and lets later layers win', () => {
    // GIVEN three layers touching the same keys
    const layers = [
      { source: defaults, data: { a: { x: 1, y: 2 }, list: [1, 2, 3], s: 'd' } },
      { source: tier, data: { a: { y: 20 }, list: [9] } },
      { source: customer, data: { a: { z: 300 }, s: 'c' } },
    ];
    // WHEN merged
    const { value, provenance } = mergeLayers(layers);
    // THEN objects merge key by key, the array is the tier's, the scalar the customer's
    expect(value).toEqual({ a: { x: 1, y: 20, z: 300 }, list: [9], s: 'c' });
    expect(Object.fromEntries([...provenance].map(([k, v]) => [k, v.layer]))).toEqual({
      'a.x': 'defaults',
      'a.y': 'tier:medium',
      'a.z': 'customer',
      list: 'tier:medium',
      s: 'customer',
    });
  });

  it('does not modify its inputs', () => {
    const d = { a: { list: [1] } };
    const c = { a: { list: [2] } };
    const { value } = mergeLayers([
      { source: defaults, data: d },
      { source: customer, data: c },
    ]);
    (value.a as { list: number[] }).list.push(3);
    expect(d).toEqual({ a: { list: [1] } });
    expect(c).toEqual({ a: { list: [2] } });
  });

  it('forgets the provenance of leaves an object replaced by a scalar had', () => {
    const { provenance } = mergeLayers([
      { source: defaults, data: { a: { x: 1 } } },
      { source: customer, data: { a: 5 } },
    ]);
    expect([...provenance.keys()]).toEqual(['a']);
    expect(provenance.get('a')).toBe(customer);
  });

  it('forgets a whole replaced subtree, quoted keys included, and keeps siblings that share its prefix', () => {
    // GIVEN a nested object (one key needing quotes, one empty object) beside keys starting with the same letters
    const { provenance } = mergeLayers([
      { source: defaults, data: { tags: { 'a.b': 'x', deep: { k: 1, empty: {} } }, tagsExtra: 1, 'tags.x': 2 } },
      // WHEN a later layer replaces it with an array
      { source: customer, data: { tags: ['t'] } },
    ]);
    // THEN only the array's own entry is left of the subtree, and the look-alike keys keep theirs
    expect(Object.fromEntries([...provenance].map(([k, v]) => [k, v.layer]))).toEqual({
      tags: 'customer',
      tagsExtra: 'defaults',
      '["tags.x"]': 'defaults',
    });
  });

  it('skips file metadata ($schema, description)', () => {
    const { value } = mergeLayers([{ source: defaults, data: { $schema: 'x', description: 'y', k: 1 } }]);
    expect(value).toEqual({ k: 1 });
  });
});

describe('three layers over the real config files', () => {
  let repo: TempRepo;
  afterEach(() => repo?.dispose());

  it("applies defaults, then the tier, then the customer, and records each leaf's layer", () => {
    repo = new TempRepo();
    const acme = repo.model().customers.find((c) => c.config.name === 'acme')!;
    // defaults: image; tier medium: cpu; customer: environment + secrets
    expect(acme.config.services.api.image).toBe('backend-api:1.0.0');
    expect(acme.provenance.get('services.api.image')).toEqual({ layer: 'defaults', file: 'customers/_defaults.json' });
    expect(acme.config.services.api.cpu).toBe(1024);
    expect(acme.provenance.get('services.api.cpu')).toEqual({ layer: 'tier:medium', file: 'customers/_tiers/medium.json' });
    expect(acme.config.services.api.environment).toEqual({ NODE_ENV: 'production', INSTANCE_DISPLAY_NAME: 'Acme Corp' });
    // serviceDefaults filled what no layer set for the service itself, and says so.
    expect(acme.provenance.get('services.api.environment.NODE_ENV')).toEqual({
      layer: 'defaults',
      file: 'customers/_defaults.json',
      key: 'serviceDefaults.environment.NODE_ENV',
    });
    expect(acme.provenance.get('services.api.environment.INSTANCE_DISPLAY_NAME')).toEqual({
      layer: 'customer',
      file: 'customers/acme/config.json',
    });
  });

  it('lets a customer replace an array the tier or defaults set', () => {
    repo = new TempRepo();
    repo.edit('customers/customer1/config.json', (c) => {
      c.services.api.pathPatterns = ['/v2/*'];
    });
    const c1 = repo.model().customers.find((c) => c.config.name === 'customer1')!;
    expect(c1.config.services.api.pathPatterns).toEqual(['/v2/*']);
    expect(c1.provenance.get('services.api.pathPatterns')?.layer).toBe('customer');
  });

  it('validates the merged result: a service only a customer adds must be complete', () => {
    repo = new TempRepo();
    repo.edit('customers/customer1/config.json', (c) => {
      c.services.admin = { port: 4000 };
    });
    let message = '';
    try {
      repo.model();
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain(
      'customers/customer1/config.json: services.admin.image: missing required key "image" (after merging defaults, tier small and customers/customer1/config.json)',
    );
    expect(message).toContain('  allowed:  a value for "image" (Image reference pinned by a version tag or a digest');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { allocate } from '../../generator/allocations';
import type { CustomerConfig } from '../../contract/config';
import { TempRepo } from '../helpers/repo';

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

/** A pooled customer as allocate() sees it: only its routed services matter. */
function routing(name: string, routed: number): CustomerConfig {
  const services = Object.fromEntries(
    Array.from({ length: routed }, (_, i) => [`s${i}`, { enabled: true, port: 3000 + i, pathPatterns: [`/s${i}/*`] }]),
  );
  return { name, services } as unknown as CustomerConfig;
}

/** Three routed services, like seed 004 (api, admin, portal). */
const THREE_ROUTED = {
  frontend: { enabled: false },
  admin: { image: 'frontend:1.0.0', port: 3000, pathPatterns: ['/*'] },
  portal: { image: 'frontend:1.0.0', port: 3003, pathPatterns: ['/portal/*'] },
};

describe('ALB capacity counts what each customer routes', () => {
  it('GIVEN customersPerAlb 40 and one customer with three routed services WHEN validated THEN accepted (no worst-case 40 x 3)', () => {
    repo = new TempRepo().addCustomer('portal', { tier: 'small', domain: 'portal.example.com', services: THREE_ROUTED });
    const model = repo.model();
    expect(model.platform.loadBalancer.customersPerAlb).toBe(40);
    expect(model.allocation.allocations.portal.albShard).toBe(0);
  });

  it('GIVEN a shard with 98 rules WHEN new customers arrive THEN one that fits joins it, one that does not goes to the next shard, and no allocation moves', () => {
    const existing = Array.from({ length: 49 }, (_, i) => routing(`c${String(i).padStart(2, '0')}`, 2));
    const first = allocate({ customers: {} }, existing, 100);
    expect(first.shardCount).toBe(1);
    const second = allocate({ customers: first.allocations }, [...existing, routing('big', 3), routing('small', 2)], 100);
    for (const c of existing) expect(second.allocations[c.name]).toEqual(first.allocations[c.name]);
    expect(second.allocations.big).toEqual({ albShard: 1, priorityBlock: 0 });
    expect(second.allocations.small).toEqual({ albShard: 0, priorityBlock: 49 });
    expect(second.added).toEqual(['big', 'small']);
    expect(second.shardCount).toBe(2);
  });

  it("fails when an already placed customer grows past its shard's 100 listener rules, naming the shard and the count", () => {
    repo = new TempRepo({ withExamples: false }).edit('customers/_platform.json', (p) => (p.loadBalancer.customersPerAlb = 100));
    const services = (n: number): Record<string, unknown> => ({
      api: { enabled: false },
      worker: { enabled: false },
      frontend: { enabled: false },
      ...Object.fromEntries(
        Array.from({ length: n }, (_, i) => [`s${i}`, { image: 'frontend:1.0.0', port: 3000 + i, pathPatterns: [`/s${i}/*`] }]),
      ),
    });
    for (let i = 0; i < 25; i++) repo.addCustomer(`c${i}`, { tier: 'small', domain: `c${i}.example.com`, services: services(4) });
    repo.write('customers/_allocations.json', { customers: repo.model().allocation.allocations });
    repo.addCustomer('c7', { tier: 'small', domain: 'c7.example.com', services: services(5) });
    expect(repo.rejection()).toEqual([
      {
        code: 'rule.alb-capacity',
        file: 'customers/c7/config.json',
        path: 'services',
        value: 101,
        message: 'ALB shard 0 would carry 101 listener rules and target groups; "c7" routes 5 of them, the most on the shard',
        allowed: 'at most 100 per shard (placed customers never move): route fewer services on this shard, or make a customer dedicated',
      },
    ]);
  });
});

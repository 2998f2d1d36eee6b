import { describe, expect, it } from 'vitest';
import { type AllocationsFile, allocate, ALB_MAX_RULES, ALB_MAX_TARGET_GROUPS, listenerPriorities } from '../../generator/allocations';
import type { CustomerConfig } from '../../contract/config';
import { seeded } from '../helpers/seeded';

/** ALB listener rule priorities AWS accepts. */
const MAX_PRIORITY = 50_000;
const CUSTOMERS_PER_ALB = 100;

/** A pooled customer as allocate() sees it: its name and `routed` routed services (1–4, as the schema allows). */
function pooled(name: string, routed: number): CustomerConfig {
  const services = Object.fromEntries(
    Array.from({ length: routed }, (_, i) => [`s${i}`, { enabled: true, port: 3000 + i, pathPatterns: [`/s${i}/*`] }]),
  );
  return { name, services } as unknown as CustomerConfig;
}

/** `n` customers with random names (so new ones sort between existing ones) and 1–4 routed services. */
function randomFleet(rnd: () => number, n: number, taken: ReadonlySet<string> = new Set()): CustomerConfig[] {
  const out: CustomerConfig[] = [];
  const names = new Set(taken);
  while (out.length < n) {
    const name = `t${Math.floor(rnd() * 1e7)
      .toString(36)
      .padStart(5, '0')}`;
    if (names.has(name)) continue;
    names.add(name);
    out.push(pooled(name, 1 + Math.floor(rnd() * 4)));
  }
  return out;
}

/** Every limit a placement must respect, per shard: customers, listener rules and target groups, unique in-range priorities. */
function expectWithinAlbLimits(allocations: AllocationsFile['customers'], fleet: readonly CustomerConfig[]): void {
  const shards = new Map<number, { customers: number; rules: number; priorities: Set<number> }>();
  for (const c of fleet) {
    const a = allocations[c.name];
    expect(a, `${c.name} is allocated`).toEqual({ albShard: expect.any(Number), priorityBlock: expect.any(Number) });
    const shard = shards.get(a.albShard) ?? { customers: 0, rules: 0, priorities: new Set<number>() };
    shards.set(a.albShard, shard);
    shard.customers++;
    for (const priority of Object.values(listenerPriorities(c, a.priorityBlock))) {
      shard.rules++;
      expect(shard.priorities.has(priority), `priority ${priority} on shard ${a.albShard} is used once`).toBe(false);
      expect(priority).toBeGreaterThanOrEqual(1);
      expect(priority).toBeLessThanOrEqual(MAX_PRIORITY);
      shard.priorities.add(priority);
    }
  }
  for (const [shard, s] of shards) {
    expect(s.customers, `customers on shard ${shard}`).toBeLessThanOrEqual(CUSTOMERS_PER_ALB);
    expect(s.rules, `listener rules and target groups on shard ${shard}`).toBeLessThanOrEqual(
      Math.min(ALB_MAX_RULES, ALB_MAX_TARGET_GROUPS),
    );
  }
}

describe('ALB sharding at 1,000 customers', () => {
  it('places 1,000 pooled customers within every ALB limit, then keeps every placement through seeded insertions and removals', () => {
    const rnd = seeded(1000);
    // GIVEN 1,000 pooled customers routing 1–4 services each
    const fleet = randomFleet(rnd, 1000);
    const first = allocate({ customers: {} }, fleet, CUSTOMERS_PER_ALB);
    expect(first.added).toHaveLength(1000);
    expectWithinAlbLimits(first.allocations, fleet);
    // Rules per shard, not customers per shard, bind here: 1,000 customers need more than 10 shards.
    expect(first.shardCount).toBeGreaterThan(1000 / CUSTOMERS_PER_ALB);

    let current = first.allocations;
    let members = fleet;
    for (let round = 0; round < 5; round++) {
      // WHEN some customers leave (their allocation is kept: it is removed by hand, never reused silently)
      // AND new customers arrive whose names sort anywhere among the existing ones
      const leaving = new Set(members.filter(() => rnd() < 0.05).map((c) => c.name));
      const staying = members.filter((c) => !leaving.has(c.name));
      const arriving = randomFleet(rnd, 40 + Math.floor(rnd() * 80), new Set(Object.keys(current)));
      const next = allocate({ customers: current }, [...staying, ...arriving], CUSTOMERS_PER_ALB);
      // THEN no existing customer moved, every newcomer was placed, and every shard is within its limits
      for (const c of staying) expect(next.allocations[c.name], `${c.name} after round ${round}`).toEqual(current[c.name]);
      expect([...next.added].sort()).toEqual(arriving.map((c) => c.name).sort());
      expectWithinAlbLimits(next.allocations, [...staying, ...arriving]);
      // AND allocating the same inputs again changes nothing (pure, stable)
      expect(allocate({ customers: next.allocations }, [...staying, ...arriving], CUSTOMERS_PER_ALB).added).toEqual([]);
      current = next.allocations;
      members = [...staying, ...arriving];
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { TempRepo } from '../helpers/repo';
import { resources } from '../platform/synth-json';
import { customerStack, EXAMPLE_CUSTOMERS, synthesized } from './examples';

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

/** Listener and priority of every listener rule, keyed by the host and the target group it forwards to. */
function rulesOf(json: any): Record<string, { listener: string; priority: number }> {
  const groups = json.resource.aws_lb_target_group ?? {};
  return Object.fromEntries(
    resources(json, 'aws_lb_listener_rule').map((r) => {
      const target = r.action[0].target_group_arn.match(/^\$\{aws_lb_target_group\.([\w-]+)\.arn\}$/)[1];
      return [groups[target].name, { listener: r.listener_arn, priority: r.priority }];
    }),
  );
}

const routed = (port: number, pathPatterns: string[]) => ({
  enabled: true,
  image: 'backend-api:1.0.0',
  port,
  pathPatterns,
  healthCheckPath: '/health',
  cpu: 256,
  memoryMiB: 512,
  desiredCount: 1,
  readonlyRootFilesystem: true,
  environment: {},
  secrets: {},
});

describe('listener rule priorities', () => {
  it("GIVEN the examples WHEN a customer whose name sorts first is added THEN no other customer's rule moves", () => {
    repo = synthesized();
    const before = Object.fromEntries(EXAMPLE_CUSTOMERS.map((c) => [c, rulesOf(customerStack(repo!, c))]));
    repo.addCustomer('aaa', { tier: 'small', domain: 'aaa.example.com' });
    repo.synth();
    for (const c of EXAMPLE_CUSTOMERS) expect(rulesOf(customerStack(repo, c)), c).toEqual(before[c]);
    const added = Object.values(rulesOf(customerStack(repo, 'aaa'))).map((r) => r.priority);
    const taken = EXAMPLE_CUSTOMERS.filter((c) => c !== 'globex').flatMap((c) => Object.values(before[c]).map((r) => r.priority));
    expect(added).toHaveLength(2);
    expect(added.filter((p) => taken.includes(p))).toEqual([]);
  });

  it('GIVEN the pooled examples on one shard WHEN synthesized THEN their priorities are unique on that listener', () => {
    repo = synthesized();
    const pooled = EXAMPLE_CUSTOMERS.filter((c) => c !== 'globex').flatMap((c) => Object.values(rulesOf(customerStack(repo!, c))));
    expect(new Set(pooled.map((r) => r.listener)).size).toBe(1);
    expect(new Set(pooled.map((r) => r.priority)).size).toBe(pooled.length);
  });

  it('GIVEN services whose patterns overlap WHEN synthesized THEN the more specific patterns are evaluated first', () => {
    repo = synthesized((r) =>
      r
        .edit('customers/_platform.json', (p) => {
          p.loadBalancer.customersPerAlb = 20;
        })
        .addCustomer('shop', {
          tier: 'small',
          domain: 'shop.example.com',
          services: {
            docs: routed(3002, ['/docs/*', '/*']),
            admin: routed(3003, ['/api/admin/*']),
          },
        }),
    );
    const rules = rulesOf(customerStack(repo, 'shop'));
    const order = Object.entries(rules)
      .sort(([, a], [, b]) => a.priority - b.priority)
      .map(([name]) => name.replace('prod-shop-', ''));
    // `/api/admin/*` before `/api/*`; services holding `/*` last, the one that also has `/docs/*` first of those.
    expect(order).toEqual(['admin', 'api', 'docs', 'frontend']);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { TempRepo } from '../helpers/repo';
import { resources } from '../platform/synth-json';
import { addressOf, customerStack, synthesized } from './examples';

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

/** Ingress rules into the group named `groupName`, as the names of the source groups. */
function sourcesInto(json: any, groupName: string): string[] {
  const target = `\${${addressOf(json, 'aws_security_group', (g) => g.name === groupName)}.id}`;
  const nameOf = (ref: string) =>
    resources(json, 'aws_security_group').find((g) => ref === `\${${addressOf(json, 'aws_security_group', (x) => x === g)}.id}`)?.name;
  return resources(json, 'aws_vpc_security_group_ingress_rule')
    .filter((r) => r.security_group_id === target)
    .map((r) => nameOf(r.referenced_security_group_id))
    .sort();
}

describe('services reach only the data stores they list', () => {
  it('GIVEN a customer who lets the frontend read the cache WHEN synthesized THEN only the cache admits it', () => {
    repo = synthesized((r) =>
      r.addCustomer('shop', { tier: 'small', domain: 'shop.example.com', services: { frontend: { dataStores: ['cache'] } } }),
    );
    const json = customerStack(repo, 'shop');
    expect(sourcesInto(json, 'saas-prod-shop-cache-sg')).toEqual([
      'saas-prod-shop-api',
      'saas-prod-shop-frontend',
      'saas-prod-shop-worker',
    ]);
    expect(sourcesInto(json, 'saas-prod-shop-database-sg')).toEqual(['saas-prod-shop-api', 'saas-prod-shop-worker']);
  });

  it('GIVEN a store the customer disabled WHEN a service lists it THEN nothing is wired to it', () => {
    repo = synthesized();
    const json = customerStack(repo, 'customer2');
    expect(resources(json, 'aws_elasticache_replication_group')).toEqual([]);
    expect(resources(json, 'aws_vpc_security_group_egress_rule').map((r) => r.to_port)).not.toContain(6379);
    expect(resources(customerStack(repo, 'customer1'), 'aws_vpc_security_group_egress_rule').map((r) => r.to_port)).toContain(6379);
  });

  it('fails when a service lists a data store that does not exist', () => {
    repo = new TempRepo().addCustomer('shop', { tier: 'small', domain: 'shop.example.com', services: { api: { dataStores: ['queue'] } } });
    expect(() => repo!.model()).toThrow(
      /services\.api\.dataStores\[0\]: value not allowed\n {2}received: "queue"\n {2}allowed: {2}one of "database", "cache", "uploads"/,
    );
  });
});

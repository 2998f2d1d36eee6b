import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempRepo } from '../helpers/repo';
import { dataSources, resources } from '../platform/synth-json';
import { addressOf, customerStack, DEFAULT_SERVICE_EXAMPLES, EXAMPLE_CUSTOMERS, synthesized } from './examples';

const DOMAINS: Record<string, string> = {
  acme: 'acme.example.com',
  customer1: 'customer1.example.com',
  customer2: 'customer2.example.com',
  global: 'example.com',
  globex: 'globex.example.com',
};

let repo: TempRepo;
let stacks: Record<string, any>;
beforeAll(() => {
  repo = synthesized();
  stacks = Object.fromEntries(EXAMPLE_CUSTOMERS.map((c) => [c, customerStack(repo, c)]));
});
afterAll(() => repo?.dispose());

describe.each(DEFAULT_SERVICE_EXAMPLES)('GIVEN the example %s', (customer) => {
  it('WHEN synthesized THEN its worker has no target group, no listener rule and a security group without ingress', () => {
    const json = stacks[customer];
    expect(
      resources(json, 'aws_lb_target_group')
        .map((t) => t.name)
        .sort(),
    ).toEqual([`prod-${customer}-api`, `prod-${customer}-frontend`]);
    const worker = resources(json, 'aws_ecs_service').find((s) => s.name === `${customer}-worker`);
    expect(worker.load_balancer).toBeUndefined();
    const group = addressOf(json, 'aws_security_group', (g) => g.name === `saas-prod-${customer}-worker`);
    expect(resources(json, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === `\${${group}.id}`)).toEqual([]);
    expect(resources(json, 'aws_security_group').find((g) => g.name === `saas-prod-${customer}-worker`).ingress).toBeUndefined();
  });

  it('WHEN synthesized THEN every listener rule matches only its own domain', () => {
    const rules = resources(stacks[customer], 'aws_lb_listener_rule');
    expect(rules).toHaveLength(2);
    for (const rule of rules) expect(rule.condition.find((c: any) => c.host_header).host_header.values).toEqual([DOMAINS[customer]]);
  });

  it('WHEN synthesized THEN routed services admit their port only from the load balancer group', () => {
    const json = stacks[customer];
    for (const [service, port] of [
      ['api', 3001],
      ['frontend', 3000],
    ] as const) {
      const group = `\${${addressOf(json, 'aws_security_group', (g) => g.name === `saas-prod-${customer}-${service}`)}.id}`;
      const ingress = resources(json, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === group);
      expect(ingress).toHaveLength(1);
      expect(ingress[0]).toMatchObject({ from_port: port, to_port: port, ip_protocol: 'tcp' });
      expect(ingress[0].cidr_ipv4).toBeUndefined();
      expect(ingress[0].referenced_security_group_id).toMatch(
        customer === 'globex' ? /^\$\{aws_security_group\..*load-balancer/ : /outputs\.alb_security_group_id\}$/,
      );
    }
  });

  it('WHEN synthesized THEN the database admits only the service groups of this customer that list it (api, worker; not the frontend)', () => {
    const json = stacks[customer];
    const db = `\${${addressOf(json, 'aws_security_group', (g) => g.name === `saas-prod-${customer}-database-sg`)}.id}`;
    const sources = resources(json, 'aws_vpc_security_group_ingress_rule')
      .filter((r) => r.security_group_id === db)
      .map((r) => r.referenced_security_group_id);
    const services = ['api', 'worker'].map(
      (s) => `\${${addressOf(json, 'aws_security_group', (g) => g.name === `saas-prod-${customer}-${s}`)}.id}`,
    );
    expect(sources.sort()).toEqual(services.sort());
  });
});

describe('GIVEN every example customer synthesized', () => {
  const others = (customer: string) => EXAMPLE_CUSTOMERS.filter((c) => c !== customer);
  const mentions = (text: string, name: string) =>
    new RegExp(`(^|[^a-z0-9-])${name}([^a-z0-9-]|$)`).test(text) || text.includes(`-${name}-`) || text.includes(`/${name}/`);

  it("WHEN searching a customer's workspace THEN no other customer's name appears anywhere in it", () => {
    for (const customer of EXAMPLE_CUSTOMERS) {
      const text = JSON.stringify(stacks[customer]);
      for (const other of others(customer)) expect(mentions(text, other), `${customer} mentions ${other}`).toBe(false);
    }
  });

  it('WHEN reading security group rules THEN each joins a group of the same workspace or the platform ALB group', () => {
    for (const customer of EXAMPLE_CUSTOMERS) {
      const json = stacks[customer];
      for (const type of ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule']) {
        for (const rule of resources(json, type)) {
          expect(rule.security_group_id).toMatch(/^\$\{aws_security_group\.[\w-]+\.id\}$/);
          const own = rule.security_group_id.slice(2, -4).split('.')[1];
          expect(Object.keys(json.resource.aws_security_group)).toContain(own);
          if (rule.referenced_security_group_id)
            expect(rule.referenced_security_group_id).toMatch(
              /^\$\{(aws_security_group\.[\w-]+\.id|data\.terraform_remote_state\.[\w-]+\.outputs\.alb_security_group_id)\}$/,
            );
        }
      }
    }
  });

  it("WHEN reading IAM and resource policies THEN every resource is the customer's own (a reference, its own name) or account-wide by nature", () => {
    for (const customer of EXAMPLE_CUSTOMERS) {
      const statements = dataSources(stacks[customer], 'aws_iam_policy_document').flatMap((d) => d.statement ?? []);
      const arns: string[] = statements.flatMap((s: any) => s.resources ?? []);
      expect(arns.length).toBeGreaterThan(0);
      for (const arn of arns) {
        const ownReference = /^\$\{aws_[\w]+\.[\w-]+\.(arn|master_user_secret\[0\]\.secret_arn)\}(\/.*)?$/.test(arn);
        const ownName =
          arn.includes(`/ecs/${customer}-`) ||
          arn.includes(`/ecs/${customer}/`) ||
          arn.includes(`saas-prod-${customer}`) ||
          arn.includes(`saas/prod/${customer}/`);
        const accountWide = arn === '*' || arn.endsWith(':repository/saas-prod/*');
        expect(ownReference || ownName || accountWide, `${customer}: ${arn}`).toBe(true);
      }
    }
  });
});

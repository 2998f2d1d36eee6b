import { afterEach, describe, expect, it } from 'vitest';
import { explain } from '../../generator/commands/explain';
import { TempRepo } from '../helpers/repo';
import { resources } from '../platform/synth-json';
import { customerStack } from '../customer/examples';

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

const FILE = 'customers/newco/config.json';
/** Seed 004's admin dashboard and company portal: only what is specific to each service. */
const ADMIN_AND_PORTAL = {
  admin: { image: 'frontend:1.0.0', port: 3000, pathPatterns: ['/admin/*'] },
  portal: { image: 'frontend:1.0.0', port: 3003, pathPatterns: ['/portal/*'] },
};

/** Seed 004 has no separate frontend: the admin takes its port. */
const SEED_004_SERVICES = { frontend: { enabled: false }, ...ADMIN_AND_PORTAL };

function newco(config: Record<string, unknown>, tier = 'small'): TempRepo {
  repo = new TempRepo().addCustomer('newco', { tier, domain: 'newco.example.com', ...config });
  return repo;
}

describe('serviceDefaults: a new service needs only what is specific to it', () => {
  it('GIVEN services with only image, port and pathPatterns WHEN loaded THEN every other key comes from serviceDefaults, and explain says so', () => {
    const newcoConfig = newco({ services: SEED_004_SERVICES })
      .model()
      .customers.find((c) => c.config.name === 'newco')!;
    expect(newcoConfig.config.services.admin).toEqual({
      ...ADMIN_AND_PORTAL.admin,
      enabled: true,
      cpu: 256,
      memoryMiB: 512,
      desiredCount: 1,
      readonlyRootFilesystem: true,
      healthCheckPath: '/',
      dataStores: [],
      environment: { NODE_ENV: 'production' },
      secrets: {},
      deploymentAlarms: true,
      ecsExec: false,
      stickySessions: { enabled: false, durationSeconds: 86400 },
    });
    const leaves = explain(newcoConfig, 'services.portal').leaves;
    expect(leaves.find((l) => l.path === 'services.portal.cpu')).toEqual({
      path: 'services.portal.cpu',
      value: 256,
      layer: 'defaults',
      file: 'customers/_defaults.json',
      key: 'serviceDefaults.cpu',
    });
    expect(leaves.find((l) => l.path === 'services.portal.port')).toEqual({
      path: 'services.portal.port',
      value: 3003,
      layer: 'customer',
      file: FILE,
    });
  });

  it("GIVEN serviceDefaults in a tier WHEN merged THEN they fill new services, but never override a service's own setting from any layer", () => {
    newco({ services: SEED_004_SERVICES }, 'medium').edit('customers/_tiers/medium.json', (t) => {
      t.serviceDefaults = { cpu: 512, memoryMiB: 1024, environment: { LOG_LEVEL: 'info' } };
    });
    const c = repo!.model().customers.find((x) => x.config.name === 'newco')!;
    expect(c.config.services.admin).toMatchObject({
      cpu: 512,
      memoryMiB: 1024,
      environment: { NODE_ENV: 'production', LOG_LEVEL: 'info' },
    });
    expect(c.provenance.get('services.admin.cpu')).toEqual({
      layer: 'tier:medium',
      file: 'customers/_tiers/medium.json',
      key: 'serviceDefaults.cpu',
    });
    // The tier's own api entry (cpu 1024) wins over its serviceDefaults, and the defaults' api image over nothing.
    expect(c.config.services.api.cpu).toBe(1024);
    expect(c.config.services.api.environment).toEqual({ NODE_ENV: 'production', LOG_LEVEL: 'info' });
  });

  it('GIVEN a routed service without PORT in its environment WHEN synthesized THEN the container gets PORT = its port', () => {
    newco({ services: SEED_004_SERVICES }).synth();
    const task = resources(customerStack(repo!, 'newco'), 'aws_ecs_task_definition').find((t) => t.family === 'saas-prod-newco-portal');
    const env = JSON.parse(task.container_definitions)[0].environment;
    expect(env).toContainEqual({ name: 'PORT', value: '3003' });
    expect(env).toContainEqual({ name: 'NODE_ENV', value: 'production' });
  });

  it('fails when a new service has no image, saying what an image is (words not run together)', () => {
    const issues = newco({ services: { admin: { port: 3000, pathPatterns: ['/admin/*'] } } }).rejection();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'schema.required', file: FILE, path: 'services.admin.image' });
    expect(issues[0].allowed).toMatch(/^a value for "image" \(Image reference pinned by a version tag or a digest /);
  });

  it('fails when serviceDefaults holds an unknown key, naming the layer file', () => {
    newco({ serviceDefaults: { cpus: 512 } });
    expect(repo!.rejection()).toEqual([
      expect.objectContaining({
        code: 'schema.unknown-key',
        file: FILE,
        path: 'serviceDefaults.cpus',
        message: 'unknown key "cpus" (did you mean "cpu"?)',
      }),
    ]);
  });
});

describe('service names with hyphens', () => {
  it("GIVEN seed 000's backend-api and backend-worker WHEN synthesized THEN the derived AWS names carry them", () => {
    newco({
      services: {
        api: { enabled: false },
        worker: { enabled: false },
        'backend-api': { image: 'backend-api:1.0.0', port: 3001, pathPatterns: ['/api/*', '/health'], healthCheckPath: '/health' },
        'backend-worker': { image: 'backend-worker:1.0.0' },
      },
    }).synth();
    const json = customerStack(repo!, 'newco');
    expect(
      resources(json, 'aws_lb_target_group')
        .map((t) => t.name)
        .sort(),
    ).toEqual(['prod-newco-backend-api', 'prod-newco-frontend']);
    expect(
      resources(json, 'aws_ecs_service')
        .map((s) => s.name)
        .sort(),
    ).toEqual(['newco-backend-api', 'newco-backend-worker', 'newco-frontend']);
    expect(resources(json, 'aws_cloudwatch_log_group').map((g) => g.name)).toEqual(
      expect.arrayContaining(['/ecs/newco-backend-api', '/ecs/newco-backend-worker']),
    );
  });

  it('fails when a service name ends with a hyphen', () => {
    const issues = newco({ services: { 'api-': { image: 'backend-api:1.0.0' } } }).rejection();
    expect(issues).toEqual([
      {
        code: 'schema.key-name',
        file: FILE,
        path: 'services.api-',
        value: 'api-',
        message: 'invalid key name "api-": value has the wrong format',
        allowed: 'lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen',
      },
    ]);
  });

  it('fails when a hyphenated service name spells another resource of the customer: the database security group', () => {
    const issues = newco({ services: { 'database-sg': { image: 'backend-worker:1.0.0' } } }).rejection();
    expect(issues).toEqual([
      {
        code: 'rule.derived-names-unique',
        file: FILE,
        path: 'services.database-sg',
        value: 'database-sg',
        message: `derived security group name "saas-prod-newco-database-sg" is also the name of the customer's security group`,
        allowed: 'a service name whose derived AWS names no other resource of this customer has',
      },
    ]);
  });

  it("fails when one customer's hyphenated service derives the same names as another customer's service", () => {
    repo = new TempRepo()
      .addCustomer('shop', { tier: 'small', domain: 'shop.example.com', services: { 'eu-api': { image: 'backend-api:1.0.0' } } })
      .addCustomer('shop-eu', { tier: 'small', domain: 'shop-eu.example.com', services: { api: { port: 3001 } } });
    const issues = repo.rejection();
    expect(issues.every((i) => i.code === 'rule.unique-names')).toBe(true);
    expect(issues.map((i) => i.message)).toContain('ECS service name shop-eu-api is also derived for customer "shop"');
  });
});

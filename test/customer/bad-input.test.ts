import { afterEach, describe, expect, it } from 'vitest';
import type { ConfigIssue } from '../../generator/errors';
import { TempRepo } from '../helpers/repo';

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

const FILE = 'customers/newco/config.json';

/** GIVEN a new customer `newco` with `config` WHEN the repository is loaded THEN it is rejected; returns the issues. */
function rejected(config: Record<string, unknown>, tier = 'small'): ConfigIssue[] {
  repo = new TempRepo().addCustomer('newco', { tier, domain: 'newco.example.com', ...config });
  return repo.rejection();
}

/** The single issue reported, which must name the file, the path, the value and what is allowed. */
function single(found: ConfigIssue[]): ConfigIssue {
  expect(found, found.map((i) => `${i.code} ${i.file} ${i.path}`).join('\n')).toHaveLength(1);
  const issue = found[0];
  expect(issue.file).toBeTruthy();
  expect(issue.path).toBeTruthy();
  expect(issue).toHaveProperty('value');
  expect(issue.allowed).toBeTruthy();
  return issue;
}

describe('bad customer input (services, database, cache)', () => {
  it('fails when a service has a port but no pathPatterns', () => {
    expect(single(rejected({ services: { frontend: { enabled: false }, worker: { port: 3005 } } }))).toMatchObject({
      code: 'rule.routed-service-has-paths',
      file: FILE,
      path: 'services.worker.pathPatterns',
      value: undefined,
      message: 'service "worker" has a port but no pathPatterns to route to it',
      allowed: 'one to four path patterns, e.g. ["/api/*"]',
    });
  });

  it('fails when two services use the same port, blaming the file that set each', () => {
    const found = rejected({ services: { api: { port: 3000 } } });
    expect(found).toEqual([
      expect.objectContaining({
        code: 'rule.unique-service-ports',
        file: FILE,
        path: 'services.api.port',
        value: 3000,
        message: 'port 3000 is also used by service "frontend"',
        allowed: 'a port no other service of this customer uses',
      }),
      expect.objectContaining({
        code: 'rule.unique-service-ports',
        file: 'customers/_defaults.json',
        path: 'services.frontend.port',
        value: 3000,
        message: 'port 3000 is also used by service "api"',
      }),
    ]);
  });

  it('fails when autoscaling.min is greater than autoscaling.max', () => {
    expect(
      single(rejected({ services: { api: { desiredCount: 4, autoscaling: { min: 5, max: 3, cpuTargetPercent: 70 } } } })),
    ).toMatchObject({
      code: 'rule.autoscaling-bounds',
      file: FILE,
      path: 'services.api.autoscaling.min',
      value: 5,
      allowed: 'a number <= 3',
    });
  });

  it('fails when desiredCount lies outside the autoscaling range, blaming the file that set it', () => {
    expect(single(rejected({ services: { api: { desiredCount: 10 } } }, 'medium'))).toMatchObject({
      code: 'rule.autoscaling-bounds',
      file: FILE,
      path: 'services.api.desiredCount',
      value: 10,
      message: 'desiredCount is outside the autoscaling range',
      allowed: '2 to 6',
    });
  });

  it('fails when cpu and memory form a combination Fargate does not accept', () => {
    expect(single(rejected({ services: { api: { cpu: 256, memoryMiB: 4096 } } }))).toMatchObject({
      code: 'rule.fargate-cpu-memory',
      file: FILE,
      path: 'services.api.memoryMiB',
      value: 4096,
      message: 'Fargate does not accept 4096 MiB with cpu 256',
      allowed: 'with cpu 256: 512, 1024, 2048',
    });
  });

  it('fails when read replicas are asked for on a tier without Multi-AZ', () => {
    expect(single(rejected({ database: { readReplicas: 1 } }))).toMatchObject({
      code: 'rule.read-replicas-need-multi-az',
      file: FILE,
      path: 'database.readReplicas',
      value: 1,
      allowed: '0, or set database.multiAz to true',
    });
  });

  it.each([
    ['database', '13', '"14", "15", "16", "17"'],
    ['cache', '6.2', '"7.0", "7.1"'],
  ])('fails when the %s engine version %s is not supported', (store, version, allowed) => {
    expect(single(rejected({ [store]: { engineVersion: version } }))).toMatchObject({
      code: 'schema.enum',
      file: FILE,
      path: `${store}.engineVersion`,
      value: version,
      allowed: `one of ${allowed}`,
    });
  });

  it('fails when the cache asks for more than 5 replicas', () => {
    expect(single(rejected({ cache: { replicas: 6 } }))).toMatchObject({
      code: 'schema.maximum',
      file: FILE,
      path: 'cache.replicas',
      value: 6,
      allowed: 'a number <= 5',
    });
  });

  it.each(['Backend API:latest', 'backend-api', 'registry.example.com/app:'])(
    'fails when the image %j is not a valid image reference',
    (image) => {
      expect(single(rejected({ services: { api: { image } } }))).toMatchObject({
        code: 'schema.pattern',
        file: FILE,
        path: 'services.api.image',
        value: image,
        allowed: 'an image reference with a tag or digest: <repository>:<tag>, <registry>/<path>:<tag> or <image>@sha256:<digest>',
      });
    },
  );

  it.each(['s3cr3t-value', 'arn:aws:s3:::bucket/secret'])('fails when the secret %j is not a Secrets Manager or SSM ARN', (value) => {
    const issue = single(rejected({ services: { api: { secrets: { JWT_SECRET: value } } } }));
    expect(issue).toMatchObject({ code: 'schema.pattern', file: FILE, path: 'services.api.secrets.JWT_SECRET', value });
    expect(issue.allowed).toContain('arn:aws:secretsmanager:<region>:<account id>:secret:<name>');
  });

  it('fails when a dedicated customer has no KMS key of its own', () => {
    expect(single(rejected({ isolation: 'dedicated' }))).toMatchObject({
      code: 'rule.dedicated-has-own-key',
      file: FILE,
      path: 'isolation',
      value: 'dedicated',
      allowed: '"pooled", or set encryption.customerKey to true',
    });
  });

  it.each([
    ['no one', [], 'schema.minItems', 'at least 1 items'],
    ['more than 10 addresses', Array.from({ length: 11 }, (_, i) => `ops${i}@example.com`), 'schema.maxItems', 'at most 10 items'],
  ])('fails when alerts go to %s', (_, emails, code, allowed) => {
    expect(single(rejected({ alerts: { emails } }))).toMatchObject({ code, file: FILE, path: 'alerts.emails', allowed });
  });

  it('fails when a secret lives in another region than the platform', () => {
    const arn = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:saas/prod/newco/jwt-AbCdEf';
    expect(single(rejected({ services: { api: { secrets: { JWT_SECRET: arn } } } }))).toMatchObject({
      code: 'rule.secrets-in-platform-region',
      file: FILE,
      path: 'services.api.secrets.JWT_SECRET',
      value: arn,
      message: 'secret is in region us-east-1, the services run in eu-west-1',
      allowed: 'a Secrets Manager or SSM ARN in eu-west-1',
    });
  });
});

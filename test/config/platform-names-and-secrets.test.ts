import { afterEach, describe, expect, it } from 'vitest';
import { secretReason } from '../../generator/config/rules/secret-patterns';
import { TempRepo } from '../helpers/repo';

let repo: TempRepo;
afterEach(() => repo?.dispose());

const worker = (environment: Record<string, string> = {}) => ({
  enabled: true,
  image: 'backend-worker:1.0.0',
  cpu: 256,
  memoryMiB: 512,
  desiredCount: 1,
  readonlyRootFilesystem: true,
  environment,
  secrets: {},
});

describe("derived customer names never take the platform's own names", () => {
  it('accepts a customer named task now that the platform has no task execution role of its own (issue 14 removed it)', () => {
    repo = new TempRepo().addCustomer('task', { tier: 'small', domain: 'task.example.com' });
    expect(() => repo.model()).not.toThrow();
  });

  it('fails for a customer vpc with a service endpoints: its security group would be the VPC endpoints group', () => {
    repo = new TempRepo().addCustomer('vpc', { tier: 'small', domain: 'vpc.example.com', services: { endpoints: worker() } });
    expect(repo.rejection()).toEqual([
      expect.objectContaining({
        code: 'rule.derived-names-not-platform',
        message: `derived security group name "saas-prod-vpc-endpoints" is already taken by the platform's own security group`,
      }),
    ]);
  });

  it("fails for a dedicated customer whose ALB would take an ALB shard's name", () => {
    repo = new TempRepo();
    repo.edit('customers/_platform.json', (p) => {
      p.appName = 'prod';
    });
    repo.addCustomer('prod-alb-0', { tier: 'large', domain: 'shard.example.com' });
    expect(repo.rejection().map((i) => i.message)).toContain(
      `derived dedicated ALB name "prod-prod-alb-0" is already taken by the platform's own ALB shard`,
    );
  });

  it('accepts names that only look similar', () => {
    repo = new TempRepo().addCustomer('tasks', { tier: 'small', domain: 'tasks.example.com' });
    expect(() => repo.model()).not.toThrow();
  });
});

describe('plain-text secrets are found by value as well as by name', () => {
  it.each([
    ['AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'],
    ['SOME_ID', 'AKIAIOSFODNN7EXAMPLE'],
    ['STRIPE_SECRET_KEY', 'sk_live_51HxYzAbCdEfGhIjKlMnOpQr'],
    ['DATABASE_URL', 'postgres://app:s3cr3t-pw@db.internal:5432/app'],
    ['GITHUB_PAT', 'ghp_abcdefghijklmnopqrstuvwxyz0123456789'],
    ['UPSTREAM', 'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz'],
    ['NOTIFY', 'xoxb-123456789012-abcdefghijkl'],
    ['CERT', '-----BEGIN RSA PRIVATE KEY-----\nMIIE...'],
    ['SESSION', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U'],
    ['SIGNING_KEY', 'q8Z3vX9kP2mN7bR4tY6wL1sD5fG0hJ'],
    ['DB_PASSWORD', '12345'],
  ])('fails for %s with a value like %s, pointing to secrets', (name, value) => {
    repo = new TempRepo().edit('customers/acme/config.json', (c) => {
      c.services.api.environment = { ...c.services.api.environment, [name]: value };
    });
    expect(repo.rejection()).toEqual([
      expect.objectContaining({
        code: 'rule.no-secrets-in-environment',
        path: `services.api.environment.${name}`,
        value: '(hidden)',
        allowed: 'move it to services.api.secrets as a Secrets Manager or SSM ARN',
      }),
    ]);
  });

  it.each([
    ['NODE_ENV', 'production'],
    ['PUBLIC_KEY_URL', 'https://example.com/jwks.json'],
    ['SECRET_ROTATION_DAYS', '30'],
    ['APP_URL', 'https://acme.example.com'],
    ['CACHE_KEY_PREFIX', 'acme'],
    ['INSTANCE_DISPLAY_NAME', 'Acme Corp'],
  ])('accepts %s=%s', (name, value) => {
    expect(secretReason(name, value)).toBeUndefined();
  });
});

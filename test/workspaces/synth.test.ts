import { execFile } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { AWS_PROVIDER_VERSION } from '../../generator/local/terraform';
import { cli, STACK_TRACE, treeDigest } from '../helpers/cli';
import { REPO_ROOT, TempRepo } from '../helpers/repo';

const run = promisify(execFile);
let repos: TempRepo[] = [];
afterEach(() => {
  repos.forEach((r) => r.dispose());
  repos = [];
});
const fresh = (): TempRepo => {
  const r = new TempRepo();
  repos.push(r);
  return r;
};
/** The repository's own customers/ as committed (the freshness check is the one test that depends on them). */
const asCommitted = (): TempRepo => {
  const r = fresh();
  rmSync(r.path('customers'), { recursive: true, force: true });
  cpSync(join(REPO_ROOT, 'customers'), r.path('customers'), { recursive: true });
  return r;
};

describe('synth', () => {
  it('writes one folder per workspace with cdk.tf.json and README.md', async () => {
    const repo = fresh();
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(0);
    expect(readdirSync(repo.path('generated/stacks')).sort()).toEqual([
      'bootstrap',
      'customer-acme',
      'customer-customer1',
      'customer-customer2',
      'customer-global',
      'customer-globex',
      'platform',
    ]);
    for (const ws of readdirSync(repo.path('generated/stacks'))) {
      expect(readdirSync(repo.path(`generated/stacks/${ws}`)).sort()).toEqual(['README.md', 'cdk.tf.json']);
    }
  });

  it('configures every workspace but the bootstrap with the S3 backend: own key, lock table, encryption', () => {
    const repo = fresh();
    repo.synth();
    expect(repo.stack('bootstrap').terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });
    expect(repo.stack('platform').terraform.backend.s3).toEqual({
      bucket: 'saas-prod-terraform-state',
      key: 'platform/terraform.tfstate',
      region: 'eu-west-1',
      dynamodb_table: 'saas-prod-terraform-locks',
      encrypt: true,
      kms_key_id: 'alias/saas-prod-terraform-state',
    });
    const keys = ['acme', 'customer1', 'customer2', 'global', 'globex'].map((c) => repo.stack(`customer-${c}`).terraform.backend.s3.key);
    expect(keys).toEqual(['acme', 'customer1', 'customer2', 'global', 'globex'].map((c) => `customers/${c}/terraform.tfstate`));
  });

  it('requires exactly the hashicorp/aws version the offline mirror and tests use', () => {
    const repo = fresh();
    repo.synth();
    for (const ws of ['bootstrap', 'platform', 'customer-globex']) {
      expect(repo.stack(ws).terraform.required_providers.aws).toEqual({ source: 'aws', version: AWS_PROVIDER_VERSION });
    }
  });

  it('adds use_lockfile beside DynamoDB locking when the platform opts in', () => {
    const repo = fresh().edit('customers/_platform.json', (p) => {
      p.state.useLockfile = true;
    });
    repo.synth();
    expect(repo.stack('customer-acme').terraform.backend.s3).toMatchObject({
      use_lockfile: true,
      dynamodb_table: 'saas-prod-terraform-locks',
    });
  });

  it('is deterministic: two runs give byte-identical output', () => {
    const a = fresh();
    const b = fresh();
    a.synth();
    b.synth();
    a.synth();
    expect(treeDigest(a.path('generated'))).toEqual(treeDigest(b.path('generated')));
  });

  it('leaves generated/ exactly as it was when validation fails, and leaves no temporary folder', async () => {
    const repo = fresh();
    repo.synth();
    const before = treeDigest(repo.path('generated'));
    repo.addCustomer('broken', { tier: 'small', domain: 'customer1.example.com' });
    const r = await cli(['--root', repo.root, 'synth']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('customers/broken/config.json: domain: domain is also used by customer "customer1"');
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(treeDigest(repo.path('generated'))).toEqual(before);
    expect(readdirSync(repo.root).sort()).toEqual(['.github', '.synth-cache', 'customers', 'generated']);
  });

  it('drops the workspace of a removed customer', () => {
    const repo = fresh();
    repo.synth();
    repo.remove('customers/customer2');
    repo.synth();
    expect(readdirSync(repo.path('generated/stacks'))).not.toContain('customer-customer2');
  });

  it('keeps the committed generated/ in step with customers/ and modules/', () => {
    const repo = asCommitted();
    repo.synth();
    const committed = treeDigest(join(REPO_ROOT, 'generated'));
    expect(treeDigest(repo.path('generated')), 'generated/ is stale: run `npm run synth` and commit').toEqual(committed);
    expect(readFileSync(repo.path('customers/_allocations.json'), 'utf8')).toBe(
      readFileSync(join(REPO_ROOT, 'customers/_allocations.json'), 'utf8'),
    );
  });

  it('runs under `cdktf synth` too (the app in cdktf.json)', async () => {
    const out = join(tmpdir(), `tw-cdktf-${process.pid}`);
    await run(join(REPO_ROOT, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', out], {
      cwd: REPO_ROOT,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', CDKTF_DISABLE_PLUGIN_CACHE_ENV: '1' },
      timeout: 120_000,
    });
    const repo = asCommitted();
    repo.synth();
    expect(treeDigest(join(out, 'stacks'))).toEqual(treeDigest(repo.path('generated/stacks')));
  });
});

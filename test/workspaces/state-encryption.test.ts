import { afterEach, describe, expect, it } from 'vitest';
import { TempRepo } from '../helpers/repo';
import { resources } from '../platform/synth-json';

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

const KMS_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555';

/** The S3 backend block of every workspace that has one. */
function backends(r: TempRepo): Record<string, any> {
  const workspaces = ['platform', ...['acme', 'customer1', 'customer2', 'global', 'globex'].map((c) => `customer-${c}`)];
  return Object.fromEntries(workspaces.map((w) => [w, r.stack(w).terraform.backend.s3]));
}

describe('state is encrypted with a KMS key, logged and expires old versions', () => {
  it('GIVEN no state.kmsKeyId WHEN synthesized THEN the bootstrap creates the key and every backend writes state with it by alias', () => {
    repo = new TempRepo();
    repo.synth();
    const bootstrap = repo.stack('bootstrap');
    expect(resources(bootstrap, 'aws_kms_alias').map((a) => a.name)).toEqual(['alias/saas-prod-terraform-state']);
    expect(
      resources(bootstrap, 'aws_s3_bucket')
        .map((b) => b.bucket)
        .sort(),
    ).toEqual(['saas-prod-terraform-state', 'saas-prod-terraform-state-logs']);
    for (const [workspace, backend] of Object.entries(backends(repo)))
      expect(backend, workspace).toMatchObject({ encrypt: true, kms_key_id: 'alias/saas-prod-terraform-state' });
  });

  it('GIVEN state.kmsKeyId, noncurrentVersionExpirationDays and accessLogBucket WHEN synthesized THEN backends use that key, no key is created, and the bucket follows the settings', () => {
    repo = new TempRepo().edit('customers/_platform.json', (p) =>
      Object.assign(p, {
        state: { ...p.state, kmsKeyId: KMS_KEY, noncurrentVersionExpirationDays: 30, accessLogBucket: 'saas-audit-logs' },
        // The lock table now uses that key too, so its AWS-managed-key waiver would match nothing.
        waivers: p.waivers.filter((w: any) => w.rule !== 'TW-DDB-002'),
      }),
    );
    repo.synth();
    const bootstrap = repo.stack('bootstrap');
    expect(resources(bootstrap, 'aws_kms_key')).toEqual([]);
    expect(resources(bootstrap, 'aws_s3_bucket').map((b) => b.bucket)).toContain('saas-audit-logs');
    expect(
      resources(bootstrap, 'aws_s3_bucket_lifecycle_configuration').flatMap((l) => l.rule.map((r: any) => r.noncurrent_version_expiration)),
    ).toContainEqual([{ noncurrent_days: 30 }]);
    for (const backend of Object.values(backends(repo))) expect(backend.kms_key_id).toBe(KMS_KEY);
  });

  it('fails when the default access-log bucket name would exceed 63 characters', () => {
    const bucket = `saas-prod-terraform-state-${'x'.repeat(33)}`;
    repo = new TempRepo().edit('customers/_platform.json', (p) => (p.state.bucket = bucket));
    expect(repo.rejection()).toEqual([
      {
        code: 'rule.state-log-bucket-name',
        file: 'customers/_platform.json',
        path: 'state.bucket',
        value: bucket,
        message: `the access-log bucket "${bucket}-logs" derived from it is 64 characters`,
        allowed: 'a state bucket of at most 58 characters, or set state.accessLogBucket (at most 63)',
      },
    ]);
  });
});

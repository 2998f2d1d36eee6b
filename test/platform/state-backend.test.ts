import { describe, expect, it } from 'vitest';
import { StateBackend } from '../../modules/platform/state-backend';
import { policyStatements, resources, synthJson } from './synth-json';

const KMS_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555';

function synth(kmsKeyId?: string): any {
  return synthJson(
    (scope) =>
      new StateBackend(scope, 'state', { bucketName: 'saas-prod-terraform-state', lockTableName: 'saas-prod-terraform-locks', kmsKeyId }),
  );
}

describe('StateBackend', () => {
  it('GIVEN the state bucket WHEN synthesized THEN it is versioned, blocks all public access, enforces ownership and cannot be destroyed', () => {
    const json = synth();
    expect(resources(json, 'aws_s3_bucket')).toEqual([
      expect.objectContaining({ bucket: 'saas-prod-terraform-state', force_destroy: false, lifecycle: { prevent_destroy: true } }),
    ]);
    expect(resources(json, 'aws_s3_bucket_versioning')).toEqual([
      expect.objectContaining({ versioning_configuration: { status: 'Enabled' } }),
    ]);
    expect(resources(json, 'aws_s3_bucket_public_access_block')).toEqual([
      expect.objectContaining({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      }),
    ]);
    expect(resources(json, 'aws_s3_bucket_ownership_controls')).toEqual([
      expect.objectContaining({ rule: { object_ownership: 'BucketOwnerEnforced' } }),
    ]);
  });

  it('GIVEN the state bucket WHEN synthesized THEN its policy denies every request not made over TLS', () => {
    const json = synth();
    const deny = policyStatements(json).find((s) => s.effect === 'Deny');
    expect(deny).toMatchObject({
      actions: ['s3:*'],
      principals: [{ type: '*', identifiers: ['*'] }],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
    expect(deny.resources).toEqual([expect.stringMatching(/aws_s3_bucket\.[^.]+\.arn\}$/), expect.stringMatching(/\.arn\}\/\*$/)]);
    const [policy] = resources(json, 'aws_s3_bucket_policy');
    expect(policy.policy).toMatch(/^\$\{data\.aws_iam_policy_document\.[^.]+\.json\}$/);
  });

  it('GIVEN no KMS key WHEN synthesized THEN the bucket uses SSE-S3', () => {
    const [sse] = resources(synth(), 'aws_s3_bucket_server_side_encryption_configuration');
    expect(sse.rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]);
  });

  it('GIVEN state.kmsKeyId WHEN synthesized THEN the bucket and the lock table encrypt with that key', () => {
    const json = synth(KMS_KEY);
    const [sse] = resources(json, 'aws_s3_bucket_server_side_encryption_configuration');
    expect(sse.rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KMS_KEY }, bucket_key_enabled: true },
    ]);
    expect(resources(json, 'aws_dynamodb_table')[0].server_side_encryption).toEqual({ enabled: true, kms_key_arn: KMS_KEY });
  });

  it('GIVEN the lock table WHEN synthesized THEN it is keyed by LockID, on demand, recoverable and cannot be destroyed', () => {
    expect(resources(synth(), 'aws_dynamodb_table')).toEqual([
      expect.objectContaining({
        name: 'saas-prod-terraform-locks',
        hash_key: 'LockID',
        attribute: [{ name: 'LockID', type: 'S' }],
        billing_mode: 'PAY_PER_REQUEST',
        point_in_time_recovery: { enabled: true },
        server_side_encryption: { enabled: true },
        deletion_protection_enabled: true,
        lifecycle: { prevent_destroy: true },
      }),
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { StateBackend } from '../../modules/platform/state-backend';
import { policyStatements, resources, synthJson } from './synth-json';

const KMS_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555';
const STATE = 'saas-prod-terraform-state';
const LOGS = 'saas-prod-terraform-state-logs';

function synth(kmsKeyId?: string): any {
  return synthJson(
    (scope) =>
      new StateBackend(scope, 'state', {
        bucketName: STATE,
        lockTableName: 'saas-prod-terraform-locks',
        kmsKeyId,
        keyAlias: 'alias/saas-prod-terraform-state',
        noncurrentVersionExpirationDays: 90,
        accessLogBucketName: LOGS,
        accessLogRetentionDays: 365,
        accountRootArn: 'arn:aws:iam::123456789012:root',
      }),
  );
}

/** `${aws_s3_bucket.<name>.<attribute>}` of the bucket called `bucket`. */
function bucketRef(json: any, bucket: string, attribute = 'id'): string {
  const [address] = Object.entries<any>(json.resource.aws_s3_bucket).find(([, b]) => b.bucket === bucket)!;
  return `\${aws_s3_bucket.${address}.${attribute}}`;
}

/** The one resource of `type` configuring the bucket called `bucket`. */
function ofBucket(json: any, type: string, bucket: string): any {
  const found = resources(json, type).filter((r) => r.bucket === bucketRef(json, bucket));
  if (found.length > 1) throw new Error(`${found.length} ${type} for ${bucket}`);
  return found[0];
}

describe('StateBackend', () => {
  it('GIVEN the state bucket WHEN synthesized THEN it is versioned, blocks all public access, enforces ownership and cannot be destroyed', () => {
    const json = synth();
    expect(resources(json, 'aws_s3_bucket').find((b) => b.bucket === STATE)).toEqual(
      expect.objectContaining({ force_destroy: false, lifecycle: { prevent_destroy: true } }),
    );
    expect(ofBucket(json, 'aws_s3_bucket_versioning', STATE)).toMatchObject({ versioning_configuration: { status: 'Enabled' } });
    expect(ofBucket(json, 'aws_s3_bucket_public_access_block', STATE)).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(ofBucket(json, 'aws_s3_bucket_ownership_controls', STATE)).toMatchObject({ rule: { object_ownership: 'BucketOwnerEnforced' } });
  });

  it('GIVEN both buckets WHEN synthesized THEN each policy denies every request not made over TLS', () => {
    const denies = policyStatements(synth()).filter((s) => s.effect === 'Deny');
    expect(denies).toHaveLength(2);
    for (const deny of denies)
      expect(deny).toMatchObject({
        actions: ['s3:*'],
        principals: [{ type: '*', identifiers: ['*'] }],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      });
  });

  it('GIVEN no state.kmsKeyId WHEN synthesized THEN a rotating key under the alias every backend names encrypts the state objects', () => {
    const json = synth();
    const [key] = resources(json, 'aws_kms_key');
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(policyStatements(json).find((s) => s.sid === 'AccountIamPolicies')).toMatchObject({
      principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::123456789012:root'] }],
      actions: ['kms:*'],
    });
    const keyAddress = `aws_kms_key.${Object.keys(json.resource.aws_kms_key)[0]}`;
    expect(resources(json, 'aws_kms_alias')).toEqual([
      { name: 'alias/saas-prod-terraform-state', target_key_id: `\${${keyAddress}.key_id}` },
    ]);
    expect(ofBucket(json, 'aws_s3_bucket_server_side_encryption_configuration', STATE).rule).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: `\${${keyAddress}.arn}` },
        bucket_key_enabled: true,
      },
    ]);
  });

  it('GIVEN state.kmsKeyId WHEN synthesized THEN no key is created and the bucket and the lock table encrypt with that key', () => {
    const json = synth(KMS_KEY);
    expect(resources(json, 'aws_kms_key')).toEqual([]);
    expect(ofBucket(json, 'aws_s3_bucket_server_side_encryption_configuration', STATE).rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KMS_KEY }, bucket_key_enabled: true },
    ]);
    expect(resources(json, 'aws_dynamodb_table')[0].server_side_encryption).toEqual({ enabled: true, kms_key_arn: KMS_KEY });
  });

  it('GIVEN noncurrentVersionExpirationDays WHEN synthesized THEN old state versions expire after that age and current ones never', () => {
    const lifecycle = ofBucket(synth(), 'aws_s3_bucket_lifecycle_configuration', STATE);
    expect(lifecycle.rule).toEqual([
      expect.objectContaining({ status: 'Enabled', noncurrent_version_expiration: [{ noncurrent_days: 90 }] }),
    ]);
    expect(lifecycle.rule[0].expiration).toBeUndefined();
  });

  it('GIVEN the state bucket WHEN synthesized THEN its server access logs go to the log bucket, which admits S3 log delivery for that bucket only, over SSE-S3', () => {
    const json = synth();
    expect(resources(json, 'aws_s3_bucket_logging')).toEqual([
      expect.objectContaining({ bucket: bucketRef(json, STATE), target_bucket: bucketRef(json, LOGS), target_prefix: `${STATE}/` }),
    ]);
    const delivery = policyStatements(json).find((s) => s.sid === 'S3ServerAccessLogs');
    expect(delivery).toMatchObject({
      principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
      actions: ['s3:PutObject'],
      resources: [`${bucketRef(json, LOGS, 'arn')}/*`],
      condition: [{ test: 'ArnLike', variable: 'aws:SourceArn', values: [bucketRef(json, STATE, 'arn')] }],
    });
    expect(ofBucket(json, 'aws_s3_bucket_server_side_encryption_configuration', LOGS).rule).toEqual([
      { apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } },
    ]);
    expect(ofBucket(json, 'aws_s3_bucket_lifecycle_configuration', LOGS).rule[0].expiration).toEqual([{ days: 365 }]);
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

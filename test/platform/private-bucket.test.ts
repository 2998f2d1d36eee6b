import { describe, expect, it } from 'vitest';
import { PrivateBucket, type PrivateBucketProps } from '../../modules/platform/private-bucket';
import { policyStatements, resources, synthJson } from './synth-json';

const READ = { sid: 'Read', actions: ['s3:GetObject'], principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }] };

function synth(props: Partial<PrivateBucketProps> = {}): any {
  return synthJson((scope) => new PrivateBucket(scope, 'bucket', { bucketName: 'logs-123456789012', ...props }));
}

describe('PrivateBucket', () => {
  it('GIVEN statements WHEN synthesized THEN they follow the TLS-only deny in the bucket policy', () => {
    expect(
      policyStatements(synth({ policyStatements: [{ ...READ, resources: ['arn:aws:s3:::logs-123456789012/*'] }] })).map((s) => s.sid),
    ).toEqual(['DenyInsecureTransport', 'Read']);
  });

  it('GIVEN statements built from the bucket ARN WHEN synthesized THEN they reference the bucket itself', () => {
    const [, read] = policyStatements(synth({ policyStatements: (arn) => [{ ...READ, resources: [`${arn}/*`] }] }));
    expect(read.resources).toEqual([expect.stringMatching(/^\$\{aws_s3_bucket\.[^.]+\.arn\}\/\*$/)]);
  });

  it('GIVEN expirationDays WHEN synthesized THEN current and old versions expire after that many days', () => {
    const [lifecycle] = resources(synth({ expirationDays: 30 }), 'aws_s3_bucket_lifecycle_configuration');
    expect(lifecycle.rule[0]).toMatchObject({
      status: 'Enabled',
      expiration: [{ days: 30 }],
      noncurrent_version_expiration: [{ noncurrent_days: 30 }],
    });
    expect(resources(synth(), 'aws_s3_bucket_lifecycle_configuration')).toEqual([]);
  });

  it('GIVEN the bucket policy WHEN synthesized THEN it waits for the public access block', () => {
    expect(resources(synth(), 'aws_s3_bucket_policy')[0].depends_on).toEqual([
      expect.stringMatching(/^aws_s3_bucket_public_access_block\./),
    ]);
  });
});

import { DataAwsCanonicalUserId } from '@cdktf/provider-aws/lib/data-aws-canonical-user-id';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketAcl } from '@cdktf/provider-aws/lib/s3-bucket-acl';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';

/**
 * The canonical user CloudFront delivers standard logs as (awslogsdelivery), documented at
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html
 */
export const CLOUDFRONT_LOG_DELIVERY_CANONICAL_ID = 'c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0';

export interface CdnAccessLogsProps {
  readonly bucketName: string;
  /** Days the logs are kept. */
  readonly retentionDays: number;
}

/**
 * The bucket a distribution writes standard access logs to. CloudFront's standard logging
 * writes through an ACL grant, so unlike every other bucket here ACLs stay enabled
 * (BucketOwnerPreferred) with exactly two grants, the owner and CloudFront's log delivery;
 * public access stays blocked, versions are kept, encryption is SSE-S3 (log delivery cannot use a KMS key)
 * and plain HTTP is denied.
 */
export class CdnAccessLogs extends Construct {
  readonly bucket: S3Bucket;
  /** Depend on this before the distribution logs here. */
  readonly acl: S3BucketAcl;

  constructor(scope: Construct, id: string, props: CdnAccessLogsProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'bucket', { bucket: props.bucketName, forceDestroy: false });
    const bucket = this.bucket.id;
    new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const ownership = new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerPreferred' } });
    const owner = new DataAwsCanonicalUserId(this, 'owner', {});
    const grant = (id: string) => ({ grantee: { type: 'CanonicalUser', id }, permission: 'FULL_CONTROL' });
    this.acl = new S3BucketAcl(this, 'acl', {
      bucket,
      accessControlPolicy: { owner: { id: owner.id }, grant: [grant(owner.id), grant(CLOUDFRONT_LOG_DELIVERY_CANONICAL_ID)] },
      dependsOn: [ownership, publicAccess],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.retentionDays }],
          noncurrentVersionExpiration: [{ noncurrentDays: props.retentionDays }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    const document = new DataAwsIamPolicyDocument(this, 'policy-document', {
      statement: [
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principals: [{ type: '*', identifiers: ['*'] }],
          actions: ['s3:*'],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
        },
      ],
    });
    new S3BucketPolicy(this, 'policy', { bucket, policy: document.json, dependsOn: [publicAccess] });
  }
}

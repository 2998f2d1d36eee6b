import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { Construct } from 'constructs';
import { PrivateBucket } from '../platform/private-bucket';

/** Overwritten and deleted uploads stay recoverable this long. */
export const NONCURRENT_VERSION_DAYS = 90;
/** Key prefix CloudFront serves as `/assets/*` when the CDN has an assets origin. */
export const ASSETS_PREFIX = 'assets/';

export interface UploadsBucketProps {
  /** Globally unique bucket name (it ends with the account id). */
  readonly bucketName: string;
  /**
   * Customer KMS key for default encryption.
   *
   * @default - SSE-S3
   */
  readonly kmsKeyArn?: string;
  /**
   * The CloudFront distribution allowed to read `assets/*` through origin access control.
   *
   * @default - no CloudFront access
   */
  readonly cloudFrontDistributionArn?: string;
  /** Whether Terraform refuses to destroy the bucket. */
  readonly preventDestroy: boolean;
}

function cloudFrontReadsAssets(bucketArn: string, distributionArn: string): DataAwsIamPolicyDocumentStatement {
  return {
    sid: 'CloudFrontReadsAssets',
    principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }],
    actions: ['s3:GetObject'],
    resources: [`${bucketArn}/${ASSETS_PREFIX}*`],
    condition: [{ test: 'StringEquals', variable: 'AWS:SourceArn', values: [distributionArn] }],
  };
}

/**
 * The customer's private uploads bucket: versioned, encrypted, public access blocked,
 * ACLs disabled, TLS-only policy; old versions expire after {@link NONCURRENT_VERSION_DAYS}.
 */
export class UploadsBucket extends Construct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: UploadsBucketProps) {
    super(scope, id);
    const uploads = new PrivateBucket(this, 'bucket', {
      bucketName: props.bucketName,
      kmsKeyId: props.kmsKeyArn,
      versioned: true,
      preventDestroy: props.preventDestroy,
      policyStatements: (bucketArn) =>
        props.cloudFrontDistributionArn ? [cloudFrontReadsAssets(bucketArn, props.cloudFrontDistributionArn)] : [],
    });
    this.bucket = uploads.bucket;
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-old-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: NONCURRENT_VERSION_DAYS }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
  }
}

import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';

export interface PrivateBucketProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /**
   * KMS key (ARN or alias ARN) for default encryption.
   *
   * @default - SSE-S3 (AES256)
   */
  readonly kmsKeyId?: string;
  /**
   * Whether every object version is kept.
   *
   * @default false
   */
  readonly versioned?: boolean;
  /**
   * Days after which objects expire.
   *
   * @default - objects never expire
   */
  readonly expirationDays?: number;
  /**
   * Days after which an overwritten or deleted object version expires.
   *
   * @default - `expirationDays`
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Statements added to the bucket policy after the TLS-only deny, or a function of the
   * bucket ARN returning them.
   *
   * @default - none
   */
  readonly policyStatements?: DataAwsIamPolicyDocumentStatement[] | ((bucketArn: string) => DataAwsIamPolicyDocumentStatement[]);
  /**
   * Whether Terraform refuses to destroy the bucket.
   *
   * @default false
   */
  readonly preventDestroy?: boolean;
}

/**
 * An S3 bucket nobody outside the account can reach: default encryption, all four public
 * access blocks, ACLs disabled (bucket owner enforced) and a policy denying plain HTTP.
 */
export class PrivateBucket extends Construct {
  readonly bucket: S3Bucket;
  /** Depend on this before anything that needs the policy in force (ALB log delivery). */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: PrivateBucketProps) {
    super(scope, id);
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      forceDestroy: false,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    const bucket = this.bucket.id;
    if (props.versioned) {
      new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    }
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [
        props.kmsKeyId
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: props.kmsKeyId }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
      ],
    });
    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', { bucket, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    const noncurrentDays = props.noncurrentVersionExpirationDays ?? props.expirationDays;
    if (noncurrentDays !== undefined) {
      new S3BucketLifecycleConfiguration(this, 'lifecycle', {
        bucket,
        rule: [
          {
            id: 'expire',
            status: 'Enabled',
            filter: [{ prefix: '' }],
            expiration: props.expirationDays !== undefined ? [{ days: props.expirationDays }] : undefined,
            noncurrentVersionExpiration: [{ noncurrentDays }],
            abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
          },
        ],
      });
    }
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
        ...((typeof props.policyStatements === 'function' ? props.policyStatements(this.bucket.arn) : props.policyStatements) ?? []),
      ],
    });
    // S3 rejects a policy put while the public access block is being changed.
    this.policy = new S3BucketPolicy(this, 'policy', { bucket, policy: document.json, dependsOn: [publicAccess] });
  }
}

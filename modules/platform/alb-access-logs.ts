import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import type { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import type { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { Construct } from 'constructs';
import { PrivateBucket } from './private-bucket';

export interface AlbAccessLogsProps {
  /** Globally unique bucket name. */
  readonly bucketName: string;
  /** Days the logs are kept. */
  readonly retentionDays: number;
  /** Account whose load balancers deliver logs here. */
  readonly accountId: string;
}

/**
 * The bucket every load balancer of the platform (shared shards and dedicated customer
 * ALBs, each under its own prefix) writes access logs to. SSE-S3, because ALB log
 * delivery cannot write with a KMS key.
 */
export class AlbAccessLogs extends Construct {
  readonly bucket: S3Bucket;
  /** Load balancers depend on it: AWS checks delivery access when they are created. */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: AlbAccessLogsProps) {
    super(scope, id);
    const elb = new DataAwsElbServiceAccount(this, 'elb-account', {});
    const logs = new PrivateBucket(this, 'logs', {
      bucketName: props.bucketName,
      expirationDays: props.retentionDays,
      policyStatements: (bucketArn) => {
        const objects = [`${bucketArn}/*AWSLogs/${props.accountId}/*`];
        // Regions older than August 2022 deliver as the regional ELB account, newer ones as the service.
        return [
          {
            sid: 'ElbAccountDelivers',
            actions: ['s3:PutObject'],
            principals: [{ type: 'AWS', identifiers: [elb.arn] }],
            resources: objects,
          },
          {
            sid: 'ElbServiceDelivers',
            actions: ['s3:PutObject'],
            principals: [{ type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] }],
            resources: objects,
          },
        ];
      },
    });
    this.bucket = logs.bucket;
    this.policy = logs.policy;
  }
}

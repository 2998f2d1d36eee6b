import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import type { AwsAccount } from './aws-account';

/** Days a scheduled key deletion can still be cancelled: the longest AWS allows. */
export const KEY_DELETION_WINDOW_DAYS = 30;

export interface CustomerKeyProps {
  /** Alias, `alias/<name>`. */
  readonly alias: string;
  /** What the key protects, shown in the KMS console. */
  readonly description: string;
  /** Account, partition and region the key lives in. */
  readonly account: AwsAccount;
  /** Log groups (names) CloudWatch Logs may encrypt with the key. */
  readonly logGroupNames: readonly string[];
  /**
   * Whether CloudFront reads objects encrypted with the key (the CDN assets origin).
   *
   * @default false
   */
  readonly cloudFrontReads?: boolean;
}

/**
 * One customer's KMS key, rotated yearly. IAM policies of the account decide who uses it;
 * the key policy only adds the services that act without an IAM identity of ours.
 */
export class CustomerKey extends Construct {
  readonly key: KmsKey;

  constructor(scope: Construct, id: string, props: CustomerKeyProps) {
    super(scope, id);
    const { account } = props;
    const statements: DataAwsIamPolicyDocumentStatement[] = [
      {
        sid: 'AccountIamPolicies',
        principals: [{ type: 'AWS', identifiers: [`arn:${account.partition}:iam::${account.accountId}:root`] }],
        actions: ['kms:*'],
        resources: ['*'],
      },
      {
        sid: 'CloudWatchLogsOfThisCustomer',
        principals: [{ type: 'Service', identifiers: [`logs.${account.region}.amazonaws.com`] }],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        condition: [
          {
            test: 'ArnEquals',
            variable: 'kms:EncryptionContext:aws:logs:arn',
            values: props.logGroupNames.map((n) => account.arn('logs', `log-group:${n}`)),
          },
        ],
      },
      {
        // Alarms publish to the customer's encrypted alerts topic as this service principal.
        sid: 'CloudWatchAlarmsToEncryptedTopic',
        principals: [{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] }],
      },
    ];
    if (props.cloudFrontReads) {
      statements.push({
        sid: 'CloudFrontReadsAssets',
        principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [account.accountId] }],
      });
    }
    const policy = new DataAwsIamPolicyDocument(this, 'policy', { statement: statements });
    this.key = new KmsKey(this, 'key', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays: KEY_DELETION_WINDOW_DAYS,
      policy: policy.json,
    });
    new KmsAlias(this, 'alias', { name: props.alias, targetKeyId: this.key.keyId });
  }
}

import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';

/** A year of exec session transcripts: who ran what in a production container is audit material. */
export const EXEC_SESSION_LOG_RETENTION_DAYS = 365;

export interface ExecSessionLoggingProps {
  readonly logGroupName: string;
  readonly keyAlias: string;
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * Where ECS Exec sessions on the shared cluster are recorded: a log group encrypted with
 * a KMS key that also encrypts the sessions themselves. Pooled customers' tasks get
 * permission to write here only when one of their services turns ECS Exec on.
 */
export class ExecSessionLogging extends Construct {
  readonly key: KmsKey;
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: ExecSessionLoggingProps) {
    super(scope, id);
    const logGroupArn = `arn:${props.partition}:logs:${props.region}:${props.accountId}:log-group:${props.logGroupName}`;
    const policy = new DataAwsIamPolicyDocument(this, 'key-policy', {
      statement: [
        {
          sid: 'AccountIamPolicies',
          principals: [{ type: 'AWS', identifiers: [`arn:${props.partition}:iam::${props.accountId}:root`] }],
          actions: ['kms:*'],
          resources: ['*'],
        },
        {
          sid: 'CloudWatchLogsOfExecSessions',
          principals: [{ type: 'Service', identifiers: [`logs.${props.region}.amazonaws.com`] }],
          actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
          resources: ['*'],
          condition: [{ test: 'ArnEquals', variable: 'kms:EncryptionContext:aws:logs:arn', values: [logGroupArn] }],
        },
      ],
    });
    this.key = new KmsKey(this, 'key', {
      description: 'ECS Exec sessions on the shared cluster and their log group',
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policy.json,
    });
    new KmsAlias(this, 'alias', { name: props.keyAlias, targetKeyId: this.key.keyId });
    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: props.logGroupName,
      retentionInDays: EXEC_SESSION_LOG_RETENTION_DAYS,
      kmsKeyId: this.key.arn,
    });
  }
}

import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import type { ExecSessionSettings } from '../platform/cluster';

export interface DedicatedExecSessionsProps {
  readonly logGroupName: string;
  readonly retentionDays: number;
  /**
   * The customer's KMS key: encrypts the sessions and their log group.
   *
   * @default - no session encryption beyond TLS
   */
  readonly kmsKeyArn?: string;
}

/** The log group a dedicated customer's cluster records ECS Exec sessions in. */
export class DedicatedExecSessions extends Construct {
  readonly settings: ExecSessionSettings;

  constructor(scope: Construct, id: string, props: DedicatedExecSessionsProps) {
    super(scope, id);
    const group = new CloudwatchLogGroup(this, 'logs', {
      name: props.logGroupName,
      retentionInDays: props.retentionDays,
      kmsKeyId: props.kmsKeyArn,
    });
    this.settings = { kmsKeyArn: props.kmsKeyArn, logGroupName: group.name };
  }
}

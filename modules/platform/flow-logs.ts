import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { Construct } from 'constructs';
import { ServiceRole } from './service-role';

export interface VpcFlowLogsProps {
  /** VPC whose traffic is logged. */
  readonly vpcId: string;
  /** CloudWatch log group receiving the records. */
  readonly logGroupName: string;
  /** IAM role the flow log service writes with. */
  readonly roleName: string;
  /** Days the records are kept. */
  readonly retentionDays: number;
  /** Account the flow log service acts for. */
  readonly accountId: string;
}

/** Accepted and rejected traffic of a VPC, recorded in CloudWatch Logs. */
export class VpcFlowLogs extends Construct {
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: VpcFlowLogsProps) {
    super(scope, id);
    this.logGroup = new CloudwatchLogGroup(this, 'logs', { name: props.logGroupName, retentionInDays: props.retentionDays });
    const writer = new ServiceRole(this, 'writer', {
      roleName: props.roleName,
      servicePrincipal: 'vpc-flow-logs.amazonaws.com',
      sourceAccount: props.accountId,
      statements: [
        {
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'],
          resources: [this.logGroup.arn, `${this.logGroup.arn}:*`],
        },
      ],
    });
    new FlowLog(this, 'flow-log', {
      vpcId: props.vpcId,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: this.logGroup.arn,
      iamRoleArn: writer.role.arn,
    });
  }
}

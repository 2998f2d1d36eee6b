import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';
import { ServiceRole } from './service-role';

export interface TaskExecutionRoleProps {
  /** IAM role name. */
  readonly roleName: string;
  /** ARNs of the ECR repositories tasks pull from. */
  readonly repositoryArns: string[];
  /** `aws`, `aws-cn`, `aws-us-gov`. */
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
  /** `<app>/<environment>`: the only Secrets Manager and SSM prefix tasks may read. */
  readonly secretsPath: string;
}

/**
 * The role ECS uses to start any customer's task: pull its image, write its logs, and
 * inject its secrets. It reaches only this platform's repositories, `/ecs/*` log groups
 * and secrets under the app's own prefix (plus RDS-managed master secrets).
 */
export class TaskExecutionRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: TaskExecutionRoleProps) {
    super(scope, id);
    const { partition, region, accountId } = props;
    const arn = (service: string, resource: string): string => `arn:${partition}:${service}:${region}:${accountId}:${resource}`;
    const execution = new ServiceRole(this, 'execution', {
      roleName: props.roleName,
      servicePrincipal: 'ecs-tasks.amazonaws.com',
      sourceAccount: accountId,
      statements: [
        // ECR issues registry tokens per account: this action has no resource to scope to.
        { sid: 'EcrToken', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
        {
          sid: 'PullImages',
          actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
          resources: props.repositoryArns,
        },
        {
          sid: 'WriteLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [arn('logs', 'log-group:/ecs/*'), arn('logs', 'log-group:/ecs/*:log-stream:*')],
        },
        {
          sid: 'ReadSecrets',
          actions: ['secretsmanager:GetSecretValue'],
          // The app's prefix only: RDS-managed master secrets (`rds!*`) belong to each
          // customer's own execution role, never to a role every customer could use.
          resources: [arn('secretsmanager', `secret:${props.secretsPath}/*`)],
        },
        { sid: 'ReadParameters', actions: ['ssm:GetParameters'], resources: [arn('ssm', `parameter/${props.secretsPath}/*`)] },
        {
          sid: 'DecryptThroughSecretStores',
          actions: ['kms:Decrypt'],
          resources: [arn('kms', 'key/*')],
          condition: [
            {
              test: 'StringEquals',
              variable: 'kms:ViaService',
              values: [`secretsmanager.${region}.amazonaws.com`, `ssm.${region}.amazonaws.com`],
            },
          ],
        },
      ],
    });
    this.role = execution.role;
  }
}

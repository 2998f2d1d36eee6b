import type { DataAwsIamPolicyDocumentStatement } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import type { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';
import { ServiceRole } from '../platform/service-role';
import type { AwsAccount } from './aws-account';

const ECS_TASKS = 'ecs-tasks.amazonaws.com';

/** What one customer's application may touch; each entry is that customer's own resource. */
export interface TaskGrants {
  /**
   * The uploads bucket's ARN.
   *
   * @default - no bucket access
   */
  readonly bucketArn?: string;
  /**
   * The customer's KMS key ARN.
   *
   * @default - no key access
   */
  readonly kmsKeyArn?: string;
  /**
   * ARNs of the ElastiCache replication group and the user the application connects as.
   *
   * @default - no cache access
   */
  readonly cacheConnectArns?: string[];
  /**
   * ECS Exec: the session log group's ARN and the key encrypting sessions.
   *
   * @default - no ECS Exec
   */
  readonly execSessions?: { readonly logGroupArn: string; readonly kmsKeyArn?: string };
}

/** One service's own AWS identity. */
export interface ServiceTaskRole {
  /** The service's key in the config. */
  readonly service: string;
  /** IAM role name. */
  readonly roleName: string;
  /** What this service may touch: only what its `dataStores` list. */
  readonly grants: TaskGrants;
}

export interface TaskRolesProps {
  /** Execution role name (the ECS agent: image pull, logs, secrets). */
  readonly executionRoleName: string;
  /** One task role per service (the application's own AWS identity), each with its own grants. */
  readonly taskRoles: readonly ServiceTaskRole[];
  readonly account: AwsAccount;
  /** ECR repositories (name pattern) the images come from: the platform's own. */
  readonly ecrRepositoryPattern: string;
  /** Log groups the containers write to. */
  readonly logGroupNames: readonly string[];
  /** Secrets Manager secrets and SSM parameters the config hands to containers, by ARN. */
  readonly configuredSecretArns: readonly string[];
  /**
   * The database's managed master user secret.
   *
   * @default - no database secret
   */
  readonly databaseSecretArn?: string;
  /**
   * The customer's KMS key, which encrypts the secrets the execution role injects.
   *
   * @default - no key access
   */
  readonly kmsKeyArn?: string;
}

/** Secrets Manager ARNs may carry `:<json-key>:<stage>:<version>`; IAM wants the secret itself. */
function secretResource(arn: string): string {
  return arn.split(':').slice(0, 7).join(':');
}

function executionStatements(props: TaskRolesProps): DataAwsIamPolicyDocumentStatement[] {
  const { account } = props;
  const configured = [...new Set(props.configuredSecretArns.filter((a) => a.includes(':secretsmanager:')).map(secretResource))];
  // `-??????` matches the random suffix AWS appends, for secrets configured by name only.
  const secrets = [...configured.flatMap((s) => [s, `${s}-??????`]), ...(props.databaseSecretArn ? [props.databaseSecretArn] : [])];
  const parameters = [...new Set(props.configuredSecretArns.filter((a) => a.includes(':ssm:')))];
  const out: DataAwsIamPolicyDocumentStatement[] = [
    { sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
    {
      sid: 'EcrPull',
      actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
      resources: [account.arn('ecr', `repository/${props.ecrRepositoryPattern}`)],
    },
    {
      sid: 'WriteOwnLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: props.logGroupNames.map((n) => account.arn('logs', `log-group:${n}:*`)),
    },
  ];
  if (secrets.length) out.push({ sid: 'ReadOwnSecrets', actions: ['secretsmanager:GetSecretValue'], resources: secrets });
  if (parameters.length) out.push({ sid: 'ReadOwnParameters', actions: ['ssm:GetParameters'], resources: parameters });
  if (props.kmsKeyArn) out.push({ sid: 'DecryptOwnSecrets', actions: ['kms:Decrypt'], resources: [props.kmsKeyArn] });
  return out;
}

function taskStatements(grants: TaskGrants): DataAwsIamPolicyDocumentStatement[] {
  const out: DataAwsIamPolicyDocumentStatement[] = [];
  if (grants.bucketArn) {
    out.push({ sid: 'ListOwnBucket', actions: ['s3:ListBucket', 's3:GetBucketLocation'], resources: [grants.bucketArn] });
    out.push({
      sid: 'UseOwnObjects',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload'],
      resources: [`${grants.bucketArn}/*`],
    });
  }
  if (grants.kmsKeyArn) out.push({ sid: 'UseOwnKey', actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [grants.kmsKeyArn] });
  if (grants.cacheConnectArns?.length)
    out.push({ sid: 'ConnectToOwnCache', actions: ['elasticache:Connect'], resources: grants.cacheConnectArns });
  const exec = grants.execSessions;
  if (exec) {
    // The SSM agent in the task opens the session channels and records the transcript.
    out.push({
      sid: 'EcsExecChannels',
      actions: [
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ],
      resources: ['*'],
    });
    out.push({ sid: 'EcsExecFindLogGroup', actions: ['logs:DescribeLogGroups'], resources: ['*'] });
    out.push({
      sid: 'EcsExecWriteSessionLog',
      actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
      resources: [`${exec.logGroupArn}:*`],
    });
    if (exec.kmsKeyArn) out.push({ sid: 'EcsExecSessionKey', actions: ['kms:Decrypt'], resources: [exec.kmsKeyArn] });
  }
  return out;
}

/**
 * The IAM roles of a customer's tasks, all trusted by ECS tasks of this account only: one
 * execution role (the ECS agent starting any of the customer's tasks) and one task role
 * per service, granted only the data stores that service lists. A service granted
 * nothing gets no task role: its containers have no AWS credentials at all.
 */
export class TaskRoles extends Construct {
  readonly executionRole: IamRole;
  /** Task role by service; absent for a service granted nothing. */
  readonly taskRoles: ReadonlyMap<string, IamRole>;

  constructor(scope: Construct, id: string, props: TaskRolesProps) {
    super(scope, id);
    const sourceAccount = props.account.accountId;
    this.executionRole = new ServiceRole(this, 'execution', {
      roleName: props.executionRoleName,
      servicePrincipal: ECS_TASKS,
      sourceAccount,
      statements: executionStatements(props),
    }).role;
    const taskRoles = new Map<string, IamRole>();
    for (const { service, roleName, grants } of props.taskRoles) {
      const granted = taskStatements(grants);
      if (!granted.length) continue;
      taskRoles.set(
        service,
        new ServiceRole(this, `task-${service}`, { roleName, servicePrincipal: ECS_TASKS, sourceAccount, statements: granted }).role,
      );
    }
    this.taskRoles = taskRoles;
  }
}

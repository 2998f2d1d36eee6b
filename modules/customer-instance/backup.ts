import { BackupPlan } from '@cdktf/provider-aws/lib/backup-plan';
import { BackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import type { AwsAccount } from './aws-account';

/** UTC: after the database's own backup window (02:00-03:00), before its maintenance window on Sundays. */
export const DAILY_BACKUP_SCHEDULE = 'cron(0 3 * * ? *)';
export const WEEKLY_BACKUP_SCHEDULE = 'cron(0 5 ? * SUN *)';
/** Minutes a backup may wait to start, and to finish, before AWS Backup reports it failed. */
export const BACKUP_START_WINDOW_MINUTES = 60;
export const BACKUP_COMPLETION_WINDOW_MINUTES = 360;
/** AWS managed policies of the AWS Backup service role: take backups, and restore them. */
const BACKUP_POLICIES = ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores'];

export interface DatabaseBackupProps {
  /** Name of the vault, the plan and the IAM role. */
  readonly name: string;
  readonly account: AwsAccount;
  /** ARN of the database instance to back up. */
  readonly databaseArn: string;
  readonly dailyRetentionDays: number;
  /** 0: no weekly rule. */
  readonly weeklyRetentionDays: number;
  /**
   * Customer KMS key encrypting the vault.
   *
   * @default - the AWS managed key of AWS Backup
   */
  readonly kmsKeyArn?: string;
  /** Refuse to destroy the vault (it holds the recovery points). */
  readonly preventDestroy: boolean;
}

/**
 * AWS Backup of one database (seed 002's strategy): a vault, a plan with a daily rule and
 * a weekly rule kept for different times, and a selection holding the database, taken
 * with a role AWS Backup assumes for this account only.
 */
export class DatabaseBackup extends Construct {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;

  constructor(scope: Construct, id: string, props: DatabaseBackupProps) {
    super(scope, id);
    this.vault = new BackupVault(this, 'vault', {
      name: props.name,
      kmsKeyArn: props.kmsKeyArn,
      lifecycle: { preventDestroy: props.preventDestroy },
    });
    const rule = (ruleName: string, schedule: string, deleteAfter: number) => ({
      ruleName,
      targetVaultName: this.vault.name,
      schedule,
      startWindow: BACKUP_START_WINDOW_MINUTES,
      completionWindow: BACKUP_COMPLETION_WINDOW_MINUTES,
      lifecycle: { deleteAfter },
    });
    this.plan = new BackupPlan(this, 'plan', {
      name: props.name,
      rule: [
        rule('daily', DAILY_BACKUP_SCHEDULE, props.dailyRetentionDays),
        ...(props.weeklyRetentionDays > 0 ? [rule('weekly', WEEKLY_BACKUP_SCHEDULE, props.weeklyRetentionDays)] : []),
      ],
    });
    const trust = new DataAwsIamPolicyDocument(this, 'trust', {
      statement: [
        {
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['backup.amazonaws.com'] }],
          condition: [{ test: 'StringEquals', variable: 'aws:SourceAccount', values: [props.account.accountId] }],
        },
      ],
    });
    const role = new IamRole(this, 'role', { name: props.name, assumeRolePolicy: trust.json });
    for (const policy of BACKUP_POLICIES)
      new IamRolePolicyAttachment(this, policy, {
        role: role.name,
        policyArn: `arn:${props.account.partition}:iam::aws:policy/service-role/${policy}`,
      });
    new BackupSelection(this, 'selection', {
      name: props.name,
      planId: this.plan.id,
      iamRoleArn: role.arn,
      resources: [props.databaseArn],
    });
  }
}

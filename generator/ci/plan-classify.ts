/**
 * Resource types whose deletion or replacement loses data: databases, caches, buckets,
 * and the state bucket and lock table (an S3 bucket and a DynamoDB table).
 */
export const DATA_RESOURCE_TYPES: readonly string[] = [
  'aws_db_instance',
  'aws_rds_cluster',
  'aws_elasticache_replication_group',
  'aws_s3_bucket',
  'aws_dynamodb_table',
];

export type PlanAction = 'no-op' | 'create' | 'read' | 'update' | 'delete' | 'forget';

/** The part of `terraform show -json <planfile>` this module reads. */
export interface TerraformPlanJson {
  readonly terraform_version?: string;
  readonly errored?: boolean;
  readonly resource_changes?: readonly {
    readonly address: string;
    readonly type: string;
    readonly mode: 'managed' | 'data';
    readonly change: { readonly actions: readonly PlanAction[] };
    readonly action_reason?: string;
  }[];
}

/** A data store the plan would delete, or delete and recreate. */
export interface DataLoss {
  readonly address: string;
  readonly type: string;
  readonly action: 'delete' | 'replace';
}

/** Counts as in Terraform's "Plan: N to add, N to change, N to destroy" (a replacement is one add and one destroy). */
export interface PlanSummary {
  readonly add: number;
  readonly change: number;
  readonly destroy: number;
  readonly dataLoss: readonly DataLoss[];
}

export function classifyPlan(plan: TerraformPlanJson): PlanSummary {
  let add = 0;
  let change = 0;
  let destroy = 0;
  const dataLoss: DataLoss[] = [];
  for (const rc of plan.resource_changes ?? []) {
    if (rc.mode !== 'managed') continue;
    const { actions } = rc.change;
    const creates = actions.includes('create');
    const deletes = actions.includes('delete');
    if (creates) add++;
    if (deletes) destroy++;
    if (actions.includes('update')) change++;
    if (deletes && DATA_RESOURCE_TYPES.includes(rc.type))
      dataLoss.push({ address: rc.address, type: rc.type, action: creates ? 'replace' : 'delete' });
  }
  return { add, change, destroy, dataLoss };
}

/** Data loss blocks a plan unless the customer's config says `decommission: true` (never for bootstrap or platform). */
export function blocksOnDataLoss(summary: PlanSummary, decommission: boolean | undefined): boolean {
  return summary.dataLoss.length > 0 && decommission !== true;
}

import { CeCostAllocationTag } from '@cdktf/provider-aws/lib/ce-cost-allocation-tag';
import { Construct } from 'constructs';

/** Tag keys every customer resource carries (provider default_tags) that budgets and cost reports group by. */
export const CUSTOMER_COST_TAGS = ['Customer', 'Tier'] as const;

/** `Tier` value of the platform's and the bootstrap's own resources, so shared cost shows as its own tier. */
export const PLATFORM_TIER = 'platform';

/**
 * Which tag keys the platform activates for cost allocation: Customer and Tier, the
 * platform's own cost tags (App, Environment and every key of `tags`), and any extra
 * keys listed in `cost.allocationTags`. Sorted, each once.
 */
export function costAllocationTagKeys(platform: {
  readonly tags: Readonly<Record<string, string>>;
  readonly cost?: { readonly allocationTags?: readonly string[] };
}): string[] {
  const keys = [...CUSTOMER_COST_TAGS, 'App', 'Environment', ...Object.keys(platform.tags), ...(platform.cost?.allocationTags ?? [])];
  return [...new Set(keys)].sort();
}

/** Whether the platform activates the tags (and customer budgets wait for it). */
export const activatesCostTags = (platform: { readonly cost?: { readonly activateAllocationTags?: boolean } }): boolean =>
  platform.cost?.activateAllocationTags ?? true;

export interface CostAllocationTagsProps {
  readonly tagKeys: readonly string[];
}

/**
 * Activates user-defined cost-allocation tags, so AWS Budgets filters and Cost Explorer
 * reports on them track spending. Without this a `Customer` budget counts nothing.
 */
export class CostAllocationTags extends Construct {
  /** The activated keys, as references: anything using them waits for the activation. */
  readonly activatedKeys: string[];

  constructor(scope: Construct, id: string, props: CostAllocationTagsProps) {
    super(scope, id);
    this.activatedKeys = props.tagKeys.map((key) => new CeCostAllocationTag(this, key, { tagKey: key, status: 'Active' }).tagKey);
  }
}

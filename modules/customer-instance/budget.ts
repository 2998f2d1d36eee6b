import { BudgetsBudget } from '@cdktf/provider-aws/lib/budgets-budget';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';

/** Alert when actual spend passes 80% of the budget, or the forecast passes all of it. */
export const BUDGET_NOTIFICATIONS = [
  { thresholdPercent: 80, type: 'ACTUAL' },
  { thresholdPercent: 100, type: 'FORECASTED' },
] as const;

export interface CustomerBudgetProps {
  readonly budgetName: string;
  /** Value of the `Customer` tag every resource of the customer carries. */
  readonly customer: string;
  readonly monthlyUsd: number;
  /** Who is told when spending runs high. */
  readonly emails: readonly string[];
  /**
   * The tag keys the platform activated for cost allocation (its `cost_allocation_tags`
   * output). The budget is only created once `Customer` is among them.
   *
   * @default - no check: the budget tracks nothing until `Customer` is activated by hand
   */
  readonly activatedTagKeys?: string[];
}

/**
 * A monthly cost budget over everything tagged `Customer=<name>`. The tag counts only
 * once `Customer` is an active cost-allocation tag, which the platform workspace does
 * (aws_ce_cost_allocation_tag); the precondition makes the budget wait for it.
 */
export class CustomerBudget extends Construct {
  constructor(scope: Construct, id: string, props: CustomerBudgetProps) {
    super(scope, id);
    new BudgetsBudget(this, 'budget', {
      name: props.budgetName,
      budgetType: 'COST',
      timeUnit: 'MONTHLY',
      limitAmount: props.monthlyUsd.toFixed(2),
      limitUnit: 'USD',
      costFilter: [{ name: 'TagKeyValue', values: [`user:Customer$${props.customer}`] }],
      notification: BUDGET_NOTIFICATIONS.map((n) => ({
        comparisonOperator: 'GREATER_THAN',
        threshold: n.thresholdPercent,
        thresholdType: 'PERCENTAGE',
        notificationType: n.type,
        subscriberEmailAddresses: [...props.emails],
      })),
      ...(props.activatedTagKeys
        ? {
            lifecycle: {
              precondition: [
                {
                  condition: Fn.contains(Fn.try([props.activatedTagKeys, []]), 'Customer'),
                  errorMessage:
                    'The platform has not activated the Customer cost-allocation tag yet (its cost_allocation_tags output lacks it), so this budget would track nothing: apply the platform workspace first.',
                },
              ],
            },
          }
        : {}),
    });
  }
}

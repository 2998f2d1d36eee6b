import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXPECTED_FILES } from '../errors';
import { checkInputFile, readInputJson } from '../input-files';
import type { CostAssumptions } from './assumptions';
import { estimateWorkspace, type LineItem, type WorkspaceEstimate } from './estimate';
import { type PriceSnapshot, snapshotDate } from './prices';

export type WorkspaceKind = 'bootstrap' | 'platform' | 'customer';

/** A synthesized workspace: its name and its cdk.tf.json. */
export interface SynthesizedWorkspace {
  readonly workspace: string;
  readonly json: Record<string, any>;
}

/** What a customer workspace's own JSON says about it (tags and budget), for the report. */
export interface CustomerFacts {
  readonly customer: string;
  readonly tier?: string;
  /** Dedicated customers have their own load balancer; pooled ones share the platform's shards. */
  readonly isolation: 'pooled' | 'dedicated';
  /** The budget's limit_amount, when the workspace has a budget. */
  readonly budgetUsd?: number;
}

export interface WorkspaceCost extends WorkspaceEstimate {
  readonly workspace: string;
  readonly kind: WorkspaceKind;
  readonly customer?: CustomerFacts;
  /** Platform cost carried by this customer (see FleetEstimate.share); 0 for bootstrap and platform. */
  readonly platformShareUsd: number;
}

export interface FleetEstimate {
  readonly region: string;
  /** Newest date of any price in the snapshot. */
  readonly pricesDate: string;
  readonly assumptions: CostAssumptions;
  /** Apply order: bootstrap, platform, customers by name. */
  readonly workspaces: readonly WorkspaceCost[];
  readonly share: {
    /** Bootstrap + platform except the pooled ALB shards: network, NAT, endpoints, registry, state. Split over every customer. */
    readonly sharedUsd: number;
    readonly customers: number;
    /** The platform's ALB shards: split over pooled customers only (dedicated customers have their own ALB). */
    readonly pooledAlbUsd: number;
    readonly pooledCustomers: number;
  };
  readonly totalUsd: number;
}

export const kindOf = (workspace: string): WorkspaceKind =>
  workspace === 'bootstrap' ? 'bootstrap' : workspace === 'platform' ? 'platform' : 'customer';

/** Customer name, tier, isolation and budget as the synthesized workspace states them. */
export function customerFacts(workspace: string, json: Record<string, any>): CustomerFacts {
  const tags = (json.provider?.aws?.[0]?.default_tags?.[0]?.tags ?? {}) as Record<string, string>;
  const budget = Object.values<Record<string, any>>(json.resource?.aws_budgets_budget ?? {})[0];
  return {
    customer: tags.Customer ?? workspace.replace(/^customer-/, ''),
    tier: tags.Tier,
    isolation: json.resource?.aws_lb ? 'dedicated' : 'pooled',
    budgetUsd: budget ? Number(budget.limit_amount) : undefined,
  };
}

const isPooledAlb = (l: LineItem): boolean => l.address.startsWith('aws_lb.');

/**
 * Prices every workspace and spreads the platform over the customers using it: the ALB
 * shards over pooled customers, everything else shared (network, NAT, endpoints,
 * registry, state) over all customers.
 */
export function estimateFleet(
  workspaces: readonly SynthesizedWorkspace[],
  prices: PriceSnapshot,
  assumptions: CostAssumptions,
): FleetEstimate {
  const estimated = workspaces.map((w) => {
    const kind = kindOf(w.workspace);
    return {
      workspace: w.workspace,
      kind,
      customer: kind === 'customer' ? customerFacts(w.workspace, w.json) : undefined,
      ...estimateWorkspace(w.json, prices, assumptions),
    };
  });
  const shared = estimated.filter((w) => w.kind !== 'customer');
  const customers = estimated.filter((w) => w.kind === 'customer');
  const pooled = customers.filter((w) => w.customer?.isolation === 'pooled');
  const pooledAlbUsd = shared.flatMap((w) => w.lines.filter(isPooledAlb)).reduce((s, l) => s + l.monthlyUsd, 0);
  const sharedUsd = shared.reduce((s, w) => s + w.monthlyUsd, 0) - pooledAlbUsd;
  const perCustomer = customers.length ? sharedUsd / customers.length : 0;
  const perPooled = pooled.length ? pooledAlbUsd / pooled.length : 0;
  const order = (w: { kind: WorkspaceKind; workspace: string }): string =>
    `${w.kind === 'bootstrap' ? 0 : w.kind === 'platform' ? 1 : 2}${w.workspace}`;
  return {
    region: prices.region,
    pricesDate: snapshotDate(prices),
    assumptions,
    workspaces: estimated
      .map((w) => ({
        ...w,
        platformShareUsd: w.kind !== 'customer' ? 0 : perCustomer + (w.customer?.isolation === 'pooled' ? perPooled : 0),
      }))
      .sort((a, b) => order(a).localeCompare(order(b))),
    share: { sharedUsd, customers: customers.length, pooledAlbUsd, pooledCustomers: pooled.length },
    totalUsd: estimated.reduce((s, w) => s + w.monthlyUsd, 0),
  };
}

/** Every generated/stacks/<workspace>/cdk.tf.json under `generatedDir`, by name. */
export function readSynthesized(generatedDir: string): SynthesizedWorkspace[] {
  const stacks = join(generatedDir, 'stacks');
  if (!existsSync(stacks)) return [];
  return readdirSync(stacks, { withFileTypes: true })
    .filter((d) => d.isDirectory() && checkInputFile(join(stacks, d.name, 'cdk.tf.json'), EXPECTED_FILES.stack))
    .map((d) => d.name)
    .sort()
    .map((workspace) => ({
      workspace,
      json: readInputJson(join(stacks, workspace, 'cdk.tf.json'), EXPECTED_FILES.stack) as Record<string, any>,
    }));
}

import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TIERS } from '../config/load';
import { activeServices, type CustomerConfig } from '../../contract/config';
import { buildModel } from '../model';
import { costAssumptions } from './assumptions';
import { synthesizeCustomer } from './budget-guard';
import { estimateWorkspace, usd } from './estimate';
import { loadPrices } from './prices';

const GiB = (mib: number): string => `${Number((mib / 1024).toFixed(2))} GB`;

function services(c: CustomerConfig): string {
  return activeServices(c)
    .map(([name, s]) => {
      const scaling = s.autoscaling ? `, autoscaling ${s.autoscaling.min}–${s.autoscaling.max}` : '';
      return `${name} ${s.desiredCount} × ${s.cpu / 1024} vCPU/${GiB(s.memoryMiB)}${scaling}`;
    })
    .join('; ');
}

function database(c: CustomerConfig): string {
  const d = c.database;
  if (!d.enabled) return 'none';
  const replicas = d.readReplicas ? ` + ${d.readReplicas} read replica(s)` : '';
  return `${d.instanceClass}, ${d.multiAz ? 'Multi-AZ' : 'single-AZ'}${replicas}, ${d.allocatedStorageGiB} GB gp3, backups ${d.backupRetentionDays} days`;
}

function cache(c: CustomerConfig): string {
  const k = c.cache;
  if (!k.enabled) return 'none';
  return `${k.nodeType} × ${k.replicas + 1}${k.replicas ? ' (automatic failover)' : ''}`;
}

/**
 * The README's tier comparison: one customer per tier with nothing but its name, tier and
 * domain, merged like any customer, synthesized in memory and priced by the estimator at
 * the platform region's snapshot. `npm run cost -- --tiers` prints it; a test keeps the
 * README equal to it.
 */
export async function renderTierTable(root: string): Promise<string> {
  const scratch = mkdtempSync(join(tmpdir(), 'tw-tiers-'));
  try {
    const customers = join(scratch, 'customers');
    mkdirSync(customers);
    for (const entry of readdirSync(join(root, 'customers')))
      if (entry.startsWith('_') && entry !== '_allocations.json')
        cpSync(join(root, 'customers', entry), join(customers, entry), { recursive: true });
    const zone = (JSON.parse(readFileSync(join(customers, '_platform.json'), 'utf8')) as { domain: { name: string } }).domain.name;
    for (const tier of TIERS) {
      const name = `${tier}-example`;
      mkdirSync(join(customers, name));
      writeFileSync(join(customers, name, 'config.json'), JSON.stringify({ name, tier, domain: `${name}.${zone}` }));
    }
    const model = buildModel(scratch);
    const prices = loadPrices(model.platform.region);
    const assumptions = costAssumptions(model.platform);
    const rows = [
      '| tier | isolation | services (tasks × size) | database | cache | own KMS key | logs kept | monthly estimate | default budget |',
      '|---|---|---|---|---|---|---|---:|---:|',
    ];
    for (const tier of TIERS) {
      const plan = model.plans.find((p) => p.customer.config.tier === tier)!;
      const c = plan.customer.config;
      const estimate = estimateWorkspace(await synthesizeCustomer(model, plan), prices, assumptions);
      rows.push(
        `| ${tier} | ${c.isolation}${c.isolation === 'dedicated' ? ' (own ECS cluster and ALB)' : ' (shared cluster, ALB shard)'} | ${services(c)} | ${database(c)} | ${cache(c)} | ${c.encryption.customerKey ? 'yes' : 'no'} | ${c.logs.retentionDays} days | ${usd(estimate.monthlyUsd)} | ${usd(c.budget.monthlyUsd)} |`,
      );
    }
    const dates = Object.values(prices.prices)
      .map((p) => p.date)
      .sort();
    return [
      ...rows,
      '',
      `Own workspace only, on-demand, ${prices.region} prices of ${dates.at(-1)}, default usage assumptions; the platform share comes on top (\`npm run cost\`).`,
    ].join('\n');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

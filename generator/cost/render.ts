import { USAGE_ASSUMPTIONS, type UsageKey } from './assumptions';
import { type LineItem, usd, type WorkspaceEstimate } from './estimate';
import type { FleetEstimate, WorkspaceCost } from './fleet';

const qty = (n: number): string => String(Number(n.toFixed(3)));

function table(rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number>): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r
      .map((cell, i) => (rightAligned.has(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
}

/** The line items of one workspace: resource, what, quantity, unit price, monthly. */
export function renderLines(lines: readonly LineItem[]): string[] {
  const rows = [
    ['monthly', 'quantity', 'unit price', 'what', 'resource'],
    ...lines.map((l) => [usd(l.monthlyUsd), `${qty(l.quantity)} ${l.unit}`, `$${l.unitUsd}`, l.what, l.address]),
  ];
  return table(rows, new Set([0, 1, 2]));
}

function unpricedLines(w: WorkspaceEstimate, region: string): string[] {
  if (!w.unpriced.length) return [];
  return [
    `  not priced (${w.unpriced.length}): add the price with npm run prices:refresh -- --region ${region}`,
    ...w.unpriced.map((u) => `    ${u.address}: ${u.reason}`),
  ];
}

/** The `npm run cost` report: one row per workspace, the platform share, and the line items with `explain`. */
export function renderFleet(fleet: FleetEstimate, opts: { only?: string; explain?: boolean } = {}): string {
  const shown = fleet.workspaces.filter((w) => !opts.only || w.customer?.customer === opts.only);
  const out = [
    `Monthly estimate at on-demand prices, ${fleet.region} snapshot of ${fleet.pricesDate} (usage assumptions: customers/_platform.json cost.usage)`,
    '',
  ];
  const rows: string[][] = [['workspace', 'tier', 'isolation', 'own', 'platform share', 'total', 'budget']];
  for (const w of shown) {
    const c = w.customer;
    rows.push([
      w.workspace,
      c?.tier ?? '',
      c?.isolation ?? '',
      usd(w.monthlyUsd),
      c ? usd(w.platformShareUsd) : '',
      c ? usd(w.monthlyUsd + w.platformShareUsd) : '',
      c?.budgetUsd !== undefined ? usd(c.budgetUsd) : '',
    ]);
  }
  if (!opts.only) rows.push(['fleet total', '', '', usd(fleet.totalUsd), '', '', '']);
  out.push(...table(rows, new Set([3, 4, 5, 6])));
  const { share } = fleet;
  out.push(
    '',
    `Platform share per customer: shared network, NAT, endpoints, registry and state ${usd(share.sharedUsd)} ÷ ${share.customers} customer(s)` +
      `${share.pooledCustomers ? `, plus pooled ALB shards ${usd(share.pooledAlbUsd)} ÷ ${share.pooledCustomers} pooled customer(s)` : ''}.`,
    'Budgets (AWS Budgets on the Customer tag) compare with the own cost: the platform share is billed to the platform.',
  );
  const unpriced = shown.flatMap((w) => unpricedLines(w, fleet.region).map((l) => (l.startsWith('  not') ? `${w.workspace}:${l}` : l)));
  if (unpriced.length) out.push('', ...unpriced);
  if (opts.explain) {
    for (const w of shown) out.push('', `${w.workspace}: ${usd(w.monthlyUsd)} per month`, ...renderLines(w.lines).map((l) => `  ${l}`));
    out.push('', 'Usage assumptions (override in customers/_platform.json under cost.usage):');
    for (const [key, value] of Object.entries(fleet.assumptions.usage))
      out.push(`  ${key} = ${value}: ${USAGE_ASSUMPTIONS[key as UsageKey].description}`);
  }
  return out.join('\n');
}

/** JSON form of the report (for scripts and CI). Amounts rounded to cents; line items only with `explain`. */
export function fleetJson(fleet: FleetEstimate, opts: { only?: string; explain?: boolean } = {}): unknown {
  const cents = (n: number): number => Math.round(n * 100) / 100;
  const ws = (w: WorkspaceCost): unknown => ({
    workspace: w.workspace,
    kind: w.kind,
    ...(w.customer ?? {}),
    monthlyUsd: cents(w.monthlyUsd),
    ...(w.kind === 'customer'
      ? { platformShareUsd: cents(w.platformShareUsd), withShareUsd: cents(w.monthlyUsd + w.platformShareUsd) }
      : {}),
    unpriced: w.unpriced,
    ...(opts.explain ? { lines: w.lines.map((l) => ({ ...l, monthlyUsd: cents(l.monthlyUsd) })) } : {}),
  });
  return {
    region: fleet.region,
    pricesDate: fleet.pricesDate,
    assumptions: fleet.assumptions,
    share: { ...fleet.share, sharedUsd: cents(fleet.share.sharedUsd), pooledAlbUsd: cents(fleet.share.pooledAlbUsd) },
    workspaces: fleet.workspaces.filter((w) => !opts.only || w.customer?.customer === opts.only).map(ws),
    totalUsd: cents(fleet.totalUsd),
  };
}

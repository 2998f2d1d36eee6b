import type { PriceEntry, PriceSnapshot } from './prices';

/**
 * Rebuilds a price snapshot from the AWS Price List API (GetProducts). Every key of a
 * reference snapshot becomes one query: a service code, exact-match filters the API
 * applies, and a usage-type suffix matched here (usage types carry a region prefix such
 * as `EU-` that differs per region). The first tier of the on-demand price is taken.
 */

/** One GetProducts question for one snapshot key. */
export interface PriceQuery {
  readonly key: string;
  readonly serviceCode: string;
  /** TERM_MATCH filters sent to the API. */
  readonly filters: Readonly<Record<string, string>>;
  /** Matched on the product's usagetype, after the API's filtering: it must end with this. */
  readonly usageTypeSuffix?: string;
  /** Multiplies the API's per-unit price into the snapshot's unit (e.g. per request → per 1,000). */
  readonly scale?: number;
}

/** The part of a GetProducts response the refresh reads. */
export interface GetProductsPage {
  readonly PriceList?: readonly (string | object)[];
  readonly NextToken?: string;
}

/** What the refresh needs from the SDK client: one page of GetProducts per call. */
export type GetProducts = (input: {
  ServiceCode: string;
  Filters: { Type: 'TERM_MATCH'; Field: string; Value: string }[];
  NextToken?: string;
  MaxResults?: number;
}) => Promise<GetProductsPage>;

const HOUR_SUFFIX: Readonly<Record<string, string>> = { 'single-az': 'Single-AZ', 'multi-az': 'Multi-AZ' };

/** Fixed queries: key → service code, filters and usage-type suffix. Per-class keys are built in queryFor. */
const FIXED: Readonly<Record<string, Omit<PriceQuery, 'key'> & { global?: boolean }>> = {
  'fargate.linux.x86_64.vcpuHour': { serviceCode: 'AmazonECS', filters: {}, usageTypeSuffix: 'Fargate-vCPU-Hours:perCPU' },
  'fargate.linux.x86_64.gbHour': { serviceCode: 'AmazonECS', filters: {}, usageTypeSuffix: 'Fargate-GB-Hours' },
  'fargate.linux.arm64.vcpuHour': { serviceCode: 'AmazonECS', filters: {}, usageTypeSuffix: 'Fargate-ARM-vCPU-Hours:perCPU' },
  'fargate.linux.arm64.gbHour': { serviceCode: 'AmazonECS', filters: {}, usageTypeSuffix: 'Fargate-ARM-GB-Hours' },
  'rds.gp3.single-az.gbMonth': {
    serviceCode: 'AmazonRDS',
    filters: { productFamily: 'Database Storage' },
    usageTypeSuffix: 'RDS:GP3-Storage',
  },
  'rds.gp3.multi-az.gbMonth': {
    serviceCode: 'AmazonRDS',
    filters: { productFamily: 'Database Storage' },
    usageTypeSuffix: 'RDS:Multi-AZ-GP3-Storage',
  },
  'rds.backup.gbMonth': {
    serviceCode: 'AmazonRDS',
    filters: { productFamily: 'Storage Snapshot' },
    usageTypeSuffix: 'RDS:ChargedBackupUsage',
  },
  'elb.application.hour': {
    serviceCode: 'AWSELB',
    filters: { productFamily: 'Load Balancer-Application' },
    usageTypeSuffix: 'LoadBalancerUsage',
  },
  'elb.application.lcuHour': {
    serviceCode: 'AWSELB',
    filters: { productFamily: 'Load Balancer-Application' },
    usageTypeSuffix: 'LCUUsage',
  },
  'ec2.natGateway.hour': { serviceCode: 'AmazonEC2', filters: { productFamily: 'NAT Gateway' }, usageTypeSuffix: 'NatGateway-Hours' },
  'ec2.natGateway.gb': { serviceCode: 'AmazonEC2', filters: { productFamily: 'NAT Gateway' }, usageTypeSuffix: 'NatGateway-Bytes' },
  'vpc.publicIpv4.hour': { serviceCode: 'AmazonVPC', filters: {}, usageTypeSuffix: 'PublicIPv4:InUseAddress' },
  'vpc.interfaceEndpoint.azHour': {
    serviceCode: 'AmazonVPC',
    filters: { productFamily: 'VpcEndpoint' },
    usageTypeSuffix: 'VpcEndpoint-Hours',
  },
  'vpc.interfaceEndpoint.gb': { serviceCode: 'AmazonVPC', filters: { productFamily: 'VpcEndpoint' }, usageTypeSuffix: 'VpcEndpoint-Bytes' },
  's3.standard.gbMonth': { serviceCode: 'AmazonS3', filters: { volumeType: 'Standard' }, usageTypeSuffix: 'TimedStorage-ByteHrs' },
  's3.put.per1k': { serviceCode: 'AmazonS3', filters: {}, usageTypeSuffix: 'Requests-Tier1', scale: 1000 },
  's3.get.per1k': { serviceCode: 'AmazonS3', filters: {}, usageTypeSuffix: 'Requests-Tier2', scale: 1000 },
  'kms.key.month': { serviceCode: 'awskms', filters: {}, usageTypeSuffix: 'KMS-Keys' },
  'secretsmanager.secret.month': { serviceCode: 'AWSSecretsManager', filters: {}, usageTypeSuffix: 'AWSSecretsManager-Secrets' },
  'logs.ingest.gb': { serviceCode: 'AmazonCloudWatch', filters: {}, usageTypeSuffix: 'DataProcessing-Bytes' },
  'logs.storage.gbMonth': { serviceCode: 'AmazonCloudWatch', filters: {}, usageTypeSuffix: 'TimedStorage-ByteHrs' },
  'cloudwatch.alarm.standardMonth': { serviceCode: 'AmazonCloudWatch', filters: {}, usageTypeSuffix: 'CW:AlarmMonitorUsage' },
  'ecr.storage.gbMonth': { serviceCode: 'AmazonECR', filters: {}, usageTypeSuffix: 'TimedStorage-ByteHrs' },
  'waf.webAcl.month': { serviceCode: 'awswaf', filters: {}, usageTypeSuffix: 'WebACL' },
  'waf.rule.month': { serviceCode: 'awswaf', filters: {}, usageTypeSuffix: 'Rule' },
  'waf.requests.perMillion': { serviceCode: 'awswaf', filters: {}, usageTypeSuffix: 'Request', scale: 1_000_000 },
  'route53.hostedZone.month': { serviceCode: 'AmazonRoute53', filters: {}, usageTypeSuffix: 'HostedZone', global: true },
  'route53.queries.perMillion': {
    serviceCode: 'AmazonRoute53',
    filters: {},
    usageTypeSuffix: 'DNS-Queries',
    scale: 1_000_000,
    global: true,
  },
  'cloudfront.dataOut.gb': {
    serviceCode: 'AmazonCloudFront',
    filters: { transferType: 'CloudFront Outbound', fromLocation: 'Europe' },
    usageTypeSuffix: 'DataTransfer-Out-Bytes',
    global: true,
  },
  'cloudfront.httpsRequests.per10k': {
    serviceCode: 'AmazonCloudFront',
    filters: { location: 'Europe' },
    usageTypeSuffix: 'Requests-Tier2-HTTPS',
    scale: 10_000,
    global: true,
  },
};

/** The query that prices `key` in `region`; undefined for a key the refresh does not know. */
export function queryFor(key: string, region: string): PriceQuery | undefined {
  const rds = /^rds\.([a-z-]+)\.(db\.[a-z0-9.]+)\.(single-az|multi-az)\.hour$/.exec(key);
  if (rds)
    return {
      key,
      serviceCode: 'AmazonRDS',
      filters: {
        regionCode: region,
        databaseEngine: rds[1] === 'postgres' ? 'PostgreSQL' : rds[1],
        instanceType: rds[2],
        deploymentOption: HOUR_SUFFIX[rds[3]],
      },
    };
  const cache = /^elasticache\.([a-z]+)\.(cache\.[a-z0-9.]+)\.hour$/.exec(key);
  if (cache)
    return {
      key,
      serviceCode: 'AmazonElastiCache',
      filters: { regionCode: region, instanceType: cache[2], cacheEngine: cache[1] === 'redis' ? 'Redis' : cache[1] },
    };
  const fixed = FIXED[key];
  if (!fixed) return undefined;
  const { global, ...query } = fixed;
  return { key, ...query, filters: global ? query.filters : { regionCode: region, ...query.filters } };
}

interface Product {
  readonly product?: { readonly attributes?: Readonly<Record<string, string>> };
  readonly terms?: {
    readonly OnDemand?: Readonly<
      Record<string, { readonly priceDimensions?: Readonly<Record<string, { beginRange?: string; pricePerUnit?: { USD?: string } }>> }>
    >;
  };
}

/**
 * The on-demand USD price of the first product of a GetProducts price list that matches
 * the query's usage-type suffix: its lowest paid tier, scaled into the snapshot's unit.
 * Price list entries are JSON strings, as the API returns them.
 */
export function parsePriceList(priceList: readonly (string | object)[], query: PriceQuery): number | undefined {
  for (const raw of priceList) {
    const item = (typeof raw === 'string' ? JSON.parse(raw) : raw) as Product;
    const usageType = item.product?.attributes?.usagetype ?? '';
    if (query.usageTypeSuffix && !usageType.endsWith(query.usageTypeSuffix)) continue;
    // The first paid tier: a free allowance (a $0 tier from 0) is not the price of the next unit.
    const paid = Object.values(item.terms?.OnDemand ?? {})
      .flatMap((t) => Object.values(t.priceDimensions ?? {}))
      .map((d) => ({ begin: Number(d.beginRange ?? 0), usd: Number(d.pricePerUnit?.USD) }))
      .filter((d) => Number.isFinite(d.usd) && d.usd > 0)
      .sort((a, b) => a.begin - b.begin);
    if (paid.length) return Number((paid[0].usd * (query.scale ?? 1)).toPrecision(10));
  }
  return undefined;
}

export interface RefreshResult {
  readonly snapshot: PriceSnapshot;
  /** Keys the API did not answer: kept from the reference snapshot. */
  readonly kept: readonly string[];
}

/** Re-prices every key of `reference` for `region` through `getProducts`; dated `today` (YYYY-MM-DD). */
export async function refreshPrices(
  region: string,
  reference: PriceSnapshot,
  getProducts: GetProducts,
  today: string,
): Promise<RefreshResult> {
  const prices: Record<string, PriceEntry> = {};
  const kept: string[] = [];
  for (const key of Object.keys(reference.prices).sort()) {
    const query = queryFor(key, region);
    let usd: number | undefined;
    let token: string | undefined;
    if (query) {
      do {
        const page = await getProducts({
          ServiceCode: query.serviceCode,
          Filters: Object.entries(query.filters).map(([Field, Value]) => ({ Type: 'TERM_MATCH' as const, Field, Value })),
          NextToken: token,
          MaxResults: 100,
        });
        usd = parsePriceList(page.PriceList ?? [], query);
        token = page.NextToken;
      } while (usd === undefined && token);
    }
    if (usd === undefined) {
      kept.push(key);
      prices[key] = reference.prices[key];
    } else {
      prices[key] = { usd, unit: reference.prices[key].unit, source: `AWS Price List API, ${today}`, date: today };
    }
  }
  return { snapshot: { region, currency: 'USD', hoursPerMonth: reference.hoursPerMonth, prices }, kept };
}

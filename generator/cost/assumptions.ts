/**
 * Usage the price list cannot know: traffic, stored bytes, log volume. Each one is a
 * stated default, overridable in customers/_platform.json under `cost.usage`; the
 * platform schema carries the same descriptions and defaults (a test keeps them equal).
 */
export const USAGE_ASSUMPTIONS = {
  albLcuPerHour: {
    default: 1,
    description: 'Average load balancer capacity units (LCU) each ALB uses per hour (one LCU: 25 new connections/s, 3,000 active, 1 GB/h).',
  },
  natDataGiBPerGatewayMonth: {
    default: 100,
    description: 'GiB processed per NAT gateway per month (image pulls go through the endpoints).',
  },
  endpointDataGiBPerEndpointMonth: { default: 10, description: 'GiB processed per interface VPC endpoint per month.' },
  cdnDataOutGiBPerDistributionMonth: {
    default: 100,
    description: 'GiB each CloudFront distribution serves to viewers per month (free tier ignored).',
  },
  cdnRequestsMillionsPerDistributionMonth: {
    default: 10,
    description: 'Millions of HTTPS requests each CloudFront distribution serves per month.',
  },
  s3StorageGiBPerBucket: { default: 20, description: 'GiB stored per S3 bucket (uploads, access logs, state), S3 Standard.' },
  s3PutThousandsPerBucketMonth: { default: 100, description: 'Thousands of PUT/POST/LIST requests per bucket per month.' },
  s3GetThousandsPerBucketMonth: { default: 1000, description: 'Thousands of GET requests per bucket per month.' },
  logIngestGiBPerLogGroupMonth: { default: 1, description: 'GiB ingested per CloudWatch log group per month (services, database logs).' },
  flowLogIngestGiBPerMonth: { default: 20, description: 'GiB of VPC flow logs ingested per month.' },
  rdsBackupDailyChangePercent: {
    default: 5,
    description:
      'Percent of the database storage that changes per day; backups beyond the free allowance (100% of storage) are this times the retention days.',
  },
  ecrStorageGiBPerRepository: { default: 5, description: 'GiB of images kept per ECR repository.' },
  wafRequestsMillionsPerWebAclMonth: { default: 10, description: 'Millions of requests each WAF web ACL inspects per month.' },
} as const;

export type UsageKey = keyof typeof USAGE_ASSUMPTIONS;
export type UsageAssumptions = Readonly<Record<UsageKey, number>>;

/** What the estimate needs beyond prices: usage, and the platform facts a workspace's JSON does not spell out. */
export interface CostAssumptions {
  readonly usage: UsageAssumptions;
  /** Availability Zones of the platform: interface endpoints and internet-facing ALBs hold one ENI/IP per AZ. */
  readonly azCount: number;
}

export const DEFAULT_USAGE: UsageAssumptions = Object.fromEntries(
  Object.entries(USAGE_ASSUMPTIONS).map(([key, a]) => [key, a.default]),
) as unknown as UsageAssumptions;

/** The defaults with what `cost.usage` in _platform.json overrides. */
export function costAssumptions(platform: {
  readonly network: { readonly azCount: number };
  readonly cost?: { readonly usage?: Partial<UsageAssumptions> };
}): CostAssumptions {
  return { usage: { ...DEFAULT_USAGE, ...(platform.cost?.usage ?? {}) }, azCount: platform.network.azCount };
}

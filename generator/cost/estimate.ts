import type { CostAssumptions } from './assumptions';
import type { PriceSnapshot } from './prices';

/** One priced quantity: `quantity` units of `priceKey` at `unitUsd` each. */
export interface LineItem {
  /** Terraform address of the resource that costs money, e.g. `aws_db_instance.customer_database_primary_2B916A69`. */
  readonly address: string;
  /** What is being paid for, in words, e.g. `api: 2 tasks × 1 vCPU × 730 h`. */
  readonly what: string;
  readonly quantity: number;
  /** The unit of `quantity`, from the price entry. */
  readonly unit: string;
  readonly priceKey: string;
  readonly unitUsd: number;
  readonly monthlyUsd: number;
}

/** A resource the snapshot has no price for: shown, never silently counted as free. */
export interface Unpriced {
  readonly address: string;
  readonly reason: string;
}

export interface WorkspaceEstimate {
  readonly monthlyUsd: number;
  /** Largest first. */
  readonly lines: readonly LineItem[];
  readonly unpriced: readonly Unpriced[];
}

type Body = Record<string, any>;
type Resources = Readonly<Record<string, Readonly<Record<string, Body>>>>;

interface Pricer {
  readonly prices: PriceSnapshot;
  readonly assumptions: CostAssumptions;
  readonly resources: Resources;
  /** Adds `quantity` of `priceKey` for `address`; records it as unpriced when the snapshot lacks the key. */
  add(address: string, what: string, priceKey: string, quantity: number): void;
}

/** The id a Terraform interpolation like `${aws_x.ID.attr}` points at. */
function referencedId(value: unknown, type: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = new RegExp(`\\$\\{${type}\\.([^.}]+)\\.`).exec(value);
  return match?.[1];
}

/** A readable name for a resource whose own name is an expression: its construct path without the stack. */
const constructPath = (id: string, body: Body): string =>
  String(body['//']?.metadata?.path ?? id)
    .split('/')
    .slice(1)
    .join('/') || id;

const fmt = (n: number): string => String(Number(n.toFixed(4)));

/** How many items a literal list holds, or `fallback` when it is an expression only Terraform resolves. */
const listLength = (value: unknown, fallback: number): number => (Array.isArray(value) ? value.length : fallback);

/**
 * One rule per resource type that costs money: what quantity of which price it uses.
 * Types without a rule (IAM, security groups, routes, target groups, listener rules,
 * SNS, budgets, ECS clusters, cost-allocation tags, …) carry no charge of their own.
 */
const RULES: Readonly<Record<string, (id: string, body: Body, p: Pricer) => void>> = {
  aws_ecs_service: (id, body, p) => {
    const address = `aws_ecs_service.${id}`;
    const taskId = referencedId(body.task_definition, 'aws_ecs_task_definition');
    const task = taskId ? p.resources.aws_ecs_task_definition?.[taskId] : undefined;
    if (!task) return;
    // Autoscaling never goes below min_capacity, and ignore_changes keeps desired_count as a starting point only.
    const scaling = Object.values(p.resources.aws_appautoscaling_target ?? {}).find(
      (t) => referencedId(t.resource_id, 'aws_ecs_service') === id,
    );
    const tasks = Math.max(Number(body.desired_count ?? 0), Number(scaling?.min_capacity ?? 0));
    const vcpu = Number(task.cpu) / 1024;
    const gb = Number(task.memory) / 1024;
    const arch = task.runtime_platform?.cpu_architecture === 'ARM64' ? 'arm64' : 'x86_64';
    const hours = p.prices.hoursPerMonth;
    const name = body.name ?? id;
    p.add(address, `${name}: ${tasks} task(s) × ${fmt(vcpu)} vCPU × ${hours} h`, `fargate.linux.${arch}.vcpuHour`, tasks * vcpu * hours);
    p.add(address, `${name}: ${tasks} task(s) × ${fmt(gb)} GB × ${hours} h`, `fargate.linux.${arch}.gbHour`, tasks * gb * hours);
  },

  aws_db_instance: (id, body, p) => {
    const address = `aws_db_instance.${id}`;
    const hours = p.prices.hoursPerMonth;
    const sourceId = referencedId(body.replicate_source_db, 'aws_db_instance');
    const source = sourceId ? p.resources.aws_db_instance?.[sourceId] : undefined;
    const az = body.multi_az ? 'multi-az' : 'single-az';
    const engine = body.engine ?? source?.engine ?? 'postgres';
    const label = body.identifier ?? id;
    p.add(address, `${label}: ${body.instance_class} ${az} × ${hours} h`, `rds.${engine}.${body.instance_class}.${az}.hour`, hours);
    // A replica has the storage of its source.
    const storage = Number(body.allocated_storage ?? source?.allocated_storage ?? 0);
    const storageType = body.storage_type ?? source?.storage_type ?? 'gp3';
    if (storage) p.add(address, `${label}: ${storage} GB ${storageType} ${az}`, `rds.${storageType}.${az}.gbMonth`, storage);
    const retention = Number(body.backup_retention_period ?? 0);
    if (storage && retention && !sourceId) {
      const billable = (storage * p.assumptions.usage.rdsBackupDailyChangePercent * retention) / 100;
      p.add(
        address,
        `${label}: backups beyond the free ${storage} GB (${p.assumptions.usage.rdsBackupDailyChangePercent}%/day × ${retention} days)`,
        'rds.backup.gbMonth',
        billable,
      );
    }
    if (body.manage_master_user_password) p.add(address, `${label}: RDS-managed master password secret`, 'secretsmanager.secret.month', 1);
  },

  aws_elasticache_replication_group: (id, body, p) => {
    const nodes =
      body.num_cache_clusters !== undefined
        ? Number(body.num_cache_clusters)
        : Number(body.num_node_groups ?? 1) * (Number(body.replicas_per_node_group ?? 0) + 1);
    const hours = p.prices.hoursPerMonth;
    p.add(
      `aws_elasticache_replication_group.${id}`,
      `${body.replication_group_id ?? id}: ${nodes} × ${body.node_type} × ${hours} h`,
      `elasticache.${body.engine ?? 'redis'}.${body.node_type}.hour`,
      nodes * hours,
    );
  },

  aws_lb: (id, body, p) => {
    const address = `aws_lb.${id}`;
    const hours = p.prices.hoursPerMonth;
    const type = body.load_balancer_type ?? 'application';
    const name = body.name ?? id;
    p.add(address, `${name}: ${hours} h`, `elb.${type}.hour`, hours);
    const lcu = p.assumptions.usage.albLcuPerHour;
    p.add(address, `${name}: ${lcu} LCU × ${hours} h (assumed)`, `elb.${type}.lcuHour`, lcu * hours);
    if (body.internal !== true) {
      const ips = listLength(body.subnets, p.assumptions.azCount);
      p.add(address, `${name}: ${ips} public IPv4 address(es) × ${hours} h`, 'vpc.publicIpv4.hour', ips * hours);
    }
  },

  aws_nat_gateway: (id, body, p) => {
    const address = `aws_nat_gateway.${id}`;
    const hours = p.prices.hoursPerMonth;
    const name = body.tags?.Name ?? constructPath(id, body);
    p.add(address, `${name}: ${hours} h`, 'ec2.natGateway.hour', hours);
    const gb = p.assumptions.usage.natDataGiBPerGatewayMonth;
    p.add(address, `${name}: ${gb} GB processed (assumed)`, 'ec2.natGateway.gb', gb);
  },

  aws_eip: (id, _body, p) => {
    const hours = p.prices.hoursPerMonth;
    p.add(`aws_eip.${id}`, `Elastic IP (public IPv4) × ${hours} h`, 'vpc.publicIpv4.hour', hours);
  },

  aws_vpc_endpoint: (id, body, p) => {
    if ((body.vpc_endpoint_type ?? 'Gateway') !== 'Interface') return;
    const address = `aws_vpc_endpoint.${id}`;
    const hours = p.prices.hoursPerMonth;
    const azs = listLength(body.subnet_ids, p.assumptions.azCount);
    const service =
      String(body.service_name ?? id)
        .split('.')
        .slice(3)
        .join('.') || id;
    p.add(address, `${service} endpoint: ${azs} AZ(s) × ${hours} h`, 'vpc.interfaceEndpoint.azHour', azs * hours);
    const gb = p.assumptions.usage.endpointDataGiBPerEndpointMonth;
    p.add(address, `${service} endpoint: ${gb} GB processed (assumed)`, 'vpc.interfaceEndpoint.gb', gb);
  },

  aws_cloudfront_distribution: (id, body, p) => {
    if (body.enabled === false) return;
    const address = `aws_cloudfront_distribution.${id}`;
    const { cdnDataOutGiBPerDistributionMonth: gb, cdnRequestsMillionsPerDistributionMonth: millions } = p.assumptions.usage;
    p.add(address, `CDN: ${gb} GB to viewers (assumed)`, 'cloudfront.dataOut.gb', gb);
    p.add(address, `CDN: ${millions} million HTTPS requests (assumed)`, 'cloudfront.httpsRequests.per10k', millions * 100);
  },

  aws_s3_bucket: (id, body, p) => {
    const address = `aws_s3_bucket.${id}`;
    const name = constructPath(id, body);
    const { s3StorageGiBPerBucket: gb, s3PutThousandsPerBucketMonth: puts, s3GetThousandsPerBucketMonth: gets } = p.assumptions.usage;
    p.add(address, `${name}: ${gb} GB stored (assumed)`, 's3.standard.gbMonth', gb);
    p.add(address, `${name}: ${puts}k PUT/LIST requests (assumed)`, 's3.put.per1k', puts);
    p.add(address, `${name}: ${gets}k GET requests (assumed)`, 's3.get.per1k', gets);
  },

  aws_kms_key: (id, body, p) => p.add(`aws_kms_key.${id}`, `${constructPath(id, body)}: KMS key`, 'kms.key.month', 1),

  aws_secretsmanager_secret: (id, body, p) =>
    p.add(`aws_secretsmanager_secret.${id}`, `secret ${body.name ?? id}`, 'secretsmanager.secret.month', 1),

  aws_cloudwatch_log_group: (id, body, p) => {
    const address = `aws_cloudwatch_log_group.${id}`;
    const isFlowLog = Object.values(p.resources.aws_flow_log ?? {}).some(
      (f) => referencedId(f.log_destination, 'aws_cloudwatch_log_group') === id,
    );
    const gb = isFlowLog ? p.assumptions.usage.flowLogIngestGiBPerMonth : p.assumptions.usage.logIngestGiBPerLogGroupMonth;
    const name = body.name ?? id;
    p.add(address, `${name}: ${gb} GB ingested (assumed)`, 'logs.ingest.gb', gb);
    // Steady state: retention days' worth of a month's ingestion is kept (never-expiring groups: counted as one year).
    const retentionDays = Number(body.retention_in_days ?? 0) || 365;
    const stored = (gb * retentionDays) / 30;
    p.add(address, `${name}: ${fmt(stored)} GB kept (${retentionDays} days)`, 'logs.storage.gbMonth', stored);
  },

  aws_cloudwatch_metric_alarm: (id, body, p) => {
    const metrics = Array.isArray(body.metric_query) ? body.metric_query.filter((q: Body) => q.metric).length : 1;
    p.add(
      `aws_cloudwatch_metric_alarm.${id}`,
      `alarm ${body.alarm_name ?? id} (${metrics} metric(s))`,
      'cloudwatch.alarm.standardMonth',
      metrics,
    );
  },

  aws_route53_zone: (id, body, p) => p.add(`aws_route53_zone.${id}`, `hosted zone ${body.name ?? id}`, 'route53.hostedZone.month', 1),

  aws_wafv2_web_acl: (id, body, p) => {
    const address = `aws_wafv2_web_acl.${id}`;
    const rules = Array.isArray(body.rule) ? body.rule.length : 0;
    const name = body.name ?? id;
    p.add(address, `web ACL ${name}`, 'waf.webAcl.month', 1);
    if (rules) p.add(address, `web ACL ${name}: ${rules} rule(s)`, 'waf.rule.month', rules);
    const millions = p.assumptions.usage.wafRequestsMillionsPerWebAclMonth;
    p.add(address, `web ACL ${name}: ${millions} million requests (assumed)`, 'waf.requests.perMillion', millions);
  },

  aws_ecr_repository: (id, body, p) => {
    const gb = p.assumptions.usage.ecrStorageGiBPerRepository;
    p.add(`aws_ecr_repository.${id}`, `${body.name ?? id}: ${gb} GB of images (assumed)`, 'ecr.storage.gbMonth', gb);
  },
};

/** Resource types the estimate prices (anything else is free of its own or not emitted). */
export const PRICED_TYPES: readonly string[] = Object.keys(RULES).sort();

/**
 * Monthly on-demand cost of one synthesized workspace (its cdk.tf.json), at `prices`
 * with `assumptions` for what only usage decides. Pure: no I/O, same input same output.
 */
export function estimateWorkspace(json: { resource?: Resources }, prices: PriceSnapshot, assumptions: CostAssumptions): WorkspaceEstimate {
  const resources: Resources = json.resource ?? {};
  const lines: LineItem[] = [];
  const unpriced: Unpriced[] = [];
  const pricer: Pricer = {
    prices,
    assumptions,
    resources,
    add(address, what, priceKey, quantity) {
      const entry = prices.prices[priceKey];
      if (!entry) {
        unpriced.push({ address, reason: `no price "${priceKey}" in the ${prices.region} snapshot` });
        return;
      }
      lines.push({ address, what, quantity, unit: entry.unit, priceKey, unitUsd: entry.usd, monthlyUsd: quantity * entry.usd });
    },
  };
  for (const type of Object.keys(resources).sort()) {
    const rule = RULES[type];
    if (!rule) continue;
    for (const id of Object.keys(resources[type]).sort()) rule(id, resources[type][id], pricer);
  }
  lines.sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.address.localeCompare(b.address) || a.priceKey.localeCompare(b.priceKey));
  return { monthlyUsd: lines.reduce((sum, l) => sum + l.monthlyUsd, 0), lines, unpriced };
}

/** Dollars with cents, thousands separated: `$1,234.56`. */
export function usd(value: number): string {
  const sign = value < 0 ? '-' : '';
  return `${sign}$${Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** `+$1.23`, `-$4.56`, `±$0.00`. */
export function signedUsd(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return rounded === 0 ? '±$0.00' : `${rounded > 0 ? '+' : ''}${usd(rounded)}`;
}

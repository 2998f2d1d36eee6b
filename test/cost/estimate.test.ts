import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { costAssumptions, DEFAULT_USAGE } from '../../generator/cost/assumptions';
import { estimateWorkspace, type WorkspaceEstimate } from '../../generator/cost/estimate';
import { estimateFleet, readSynthesized } from '../../generator/cost/fleet';
import { loadPrices, type PriceSnapshot } from '../../generator/cost/prices';
import { TempRepo } from '../helpers/repo';

/**
 * Hand-computed expectations at the committed eu-west-1 snapshot (730 h per month):
 * Fargate x86 $0.04048 per vCPU-hour and $0.004445 per GB-hour; PostgreSQL db.t4g.micro
 * $0.018/h single-AZ, db.t4g.small $0.072/h Multi-AZ, db.r6g.large $0.50/h Multi-AZ and
 * $0.25/h single-AZ; gp3 $0.127 (single-AZ) and $0.254 (Multi-AZ) per GB-month; backup
 * $0.095 per GB-month; Redis cache.t4g.micro $0.018/h, cache.t4g.small $0.036/h,
 * cache.r6g.large $0.228/h; ALB $0.0252/h + $0.008 per LCU-hour; public IPv4 $0.005/h;
 * KMS key $1; secret $0.40; logs $0.57 per GB ingested, $0.03 per GB-month kept; alarm
 * $0.10 per metric; S3 $0.023/GB-month, $0.005 per 1k PUT, $0.0004 per 1k GET; CloudFront
 * $0.085/GB and $0.012 per 10k HTTPS requests. Usage: the defaults of cost.usage.
 */
const H = 730;
const prices = (): PriceSnapshot => loadPrices('eu-west-1');
const assumptions = costAssumptions({ network: { azCount: 2 } });

/** Sum of the line items whose price key starts with `prefix`. */
const sum = (e: WorkspaceEstimate, prefix: string): number =>
  e.lines.filter((l) => l.priceKey.startsWith(prefix)).reduce((s, l) => s + l.monthlyUsd, 0);

describe('estimateWorkspace on the synthesized example customers', () => {
  let repo: TempRepo;
  let estimate: (workspace: string) => WorkspaceEstimate;

  beforeAll(() => {
    repo = new TempRepo();
    repo
      .addCustomer('more-tasks', { tier: 'small', domain: 'more-tasks.example.com', services: { api: { desiredCount: 3 } } })
      .addCustomer('bigger-db', { tier: 'small', domain: 'bigger-db.example.com', database: { instanceClass: 'db.t4g.medium' } });
    repo.synth();
    estimate = (ws) => estimateWorkspace(repo.stack(ws), prices(), assumptions);
  });
  afterAll(() => repo?.dispose());

  it('GIVEN small customer1 THEN each part and the total are the hand-computed figures', () => {
    const e = estimate('customer-customer1');
    // api 0.5 vCPU/1 GB, worker and frontend 0.25 vCPU/0.5 GB, one task each: 1 vCPU and 2 GB.
    expect(sum(e, 'fargate.linux.x86_64.vcpuHour')).toBeCloseTo(1 * H * 0.04048, 6); // 29.5504
    expect(sum(e, 'fargate.linux.x86_64.gbHour')).toBeCloseTo(2 * H * 0.004445, 6); // 6.4897
    expect(sum(e, 'rds.postgres.')).toBeCloseTo(H * 0.018, 6); // 13.14
    expect(sum(e, 'rds.gp3.')).toBeCloseTo(20 * 0.127, 6); // 2.54
    expect(sum(e, 'rds.backup.')).toBeCloseTo(((20 * 5) / 100) * 7 * 0.095, 6); // 7 GB beyond the free 20: 0.665
    expect(sum(e, 'secretsmanager.')).toBeCloseTo(0.4, 6); // the RDS-managed master password
    expect(sum(e, 'elasticache.')).toBeCloseTo(1 * H * 0.018, 6); // 13.14
    expect(sum(e, 'logs.')).toBeCloseTo(5 * (1 * 0.57 + ((1 * 30) / 30) * 0.03), 6); // 5 groups, 30 days: 3.00
    // A warning and a critical level each: 5xx rate (2 metrics), p95 latency and unhealthy hosts (critical only) per routed
    // service, CPU and memory per service, database CPU/storage/connections, cache CPU/memory per node: 32 alarms, 36 metrics.
    expect(sum(e, 'cloudwatch.alarm.')).toBeCloseTo((28 + 4 * 2) * 0.1, 6); // 3.60
    expect(sum(e, 's3.')).toBeCloseTo(20 * 0.023 + 100 * 0.005 + 1000 * 0.0004, 6); // 1.36
    expect(e.monthlyUsd).toBeCloseTo(29.5504 + 6.4897 + 13.14 + 2.54 + 0.665 + 0.4 + 13.14 + 3 + 3.6 + 1.36, 6); // 73.8851
    expect(e.unpriced).toEqual([]);
  });

  it('GIVEN medium acme (with CDN) THEN each part and the total are the hand-computed figures', () => {
    const e = estimate('customer-acme');
    // api 1 vCPU/2 GB, worker and frontend 0.5 vCPU/1 GB, two tasks each: 4 vCPU and 8 GB.
    expect(sum(e, 'fargate.linux.x86_64.vcpuHour')).toBeCloseTo(4 * H * 0.04048, 6); // 118.2016
    expect(sum(e, 'fargate.linux.x86_64.gbHour')).toBeCloseTo(8 * H * 0.004445, 6); // 25.9588
    expect(sum(e, 'rds.postgres.')).toBeCloseTo(H * 0.072, 6); // Multi-AZ db.t4g.small: 52.56
    expect(sum(e, 'rds.gp3.')).toBeCloseTo(50 * 0.254, 6); // 12.70
    expect(sum(e, 'rds.backup.')).toBeCloseTo(((50 * 5) / 100) * 14 * 0.095, 6); // 35 GB: 3.325
    expect(sum(e, 'elasticache.')).toBeCloseTo(2 * H * 0.036, 6); // primary + replica: 52.56
    expect(sum(e, 'logs.')).toBeCloseTo(5 * (0.57 + (90 / 30) * 0.03), 6); // 90 days kept: 3.30
    expect(sum(e, 'cloudwatch.alarm.')).toBeCloseTo((32 + 4 * 2) * 0.1, 6); // 36 alarms (two cache nodes), 40 metrics: 4.00
    expect(sum(e, 'cloudfront.')).toBeCloseTo(100 * 0.085 + 10 * 100 * 0.012, 6); // 100 GB + 10 M requests: 20.50
    // 0.40 more for the CDN's origin-verify secret (issue 14), on top of the master password.
    expect(e.monthlyUsd).toBeCloseTo(118.2016 + 25.9588 + 52.56 + 12.7 + 3.325 + 0.8 + 52.56 + 3.3 + 4 + 1.36 + 20.5, 6); // 295.2654
  });

  it('GIVEN large globex (dedicated) THEN each part and the total are the hand-computed figures', () => {
    const e = estimate('customer-globex');
    // api 2 vCPU/4 GB, worker and frontend 1 vCPU/2 GB, three tasks each: 12 vCPU and 24 GB.
    expect(sum(e, 'fargate.linux.x86_64.vcpuHour')).toBeCloseTo(12 * H * 0.04048, 6); // 354.6048
    expect(sum(e, 'fargate.linux.x86_64.gbHour')).toBeCloseTo(24 * H * 0.004445, 6); // 77.8764
    expect(sum(e, 'rds.postgres.')).toBeCloseTo(H * 0.5 + H * 0.25, 6); // Multi-AZ primary + single-AZ replica: 547.50
    expect(sum(e, 'rds.gp3.')).toBeCloseTo(100 * 0.254 + 100 * 0.127, 6); // the replica has its source's 100 GB: 38.10
    expect(sum(e, 'rds.backup.')).toBeCloseTo(((100 * 5) / 100) * 30 * 0.095, 6); // 150 GB: 14.25
    expect(sum(e, 'elasticache.')).toBeCloseTo(3 * H * 0.228, 6); // primary + 2 replicas: 499.32
    expect(sum(e, 'elb.')).toBeCloseTo(H * 0.0252 + 1 * H * 0.008, 6); // own ALB + 1 LCU: 24.236
    expect(sum(e, 'vpc.publicIpv4.')).toBeCloseTo(2 * H * 0.005, 6); // one public IP per AZ: 7.30
    expect(sum(e, 'kms.')).toBeCloseTo(1, 6);
    expect(sum(e, 'logs.')).toBeCloseTo(8 * (0.57 + (365 / 30) * 0.03), 6); // 8 groups (with the ECS Exec session log), a year kept: 7.48
    expect(sum(e, 'cloudwatch.alarm.')).toBeCloseTo((36 + 4 * 2) * 0.1, 6); // 40 alarms (three cache nodes), 44 metrics: 4.40
    expect(e.monthlyUsd).toBeCloseTo(354.6048 + 77.8764 + 547.5 + 38.1 + 14.25 + 0.4 + 499.32 + 24.236 + 7.3 + 1 + 7.48 + 4.4 + 1.36, 6); // 1577.8272
  });

  it('GIVEN api.desiredCount 1 → 3 THEN the estimate moves by exactly two api tasks', () => {
    const delta = estimate('customer-more-tasks').monthlyUsd - estimate('customer-customer1').monthlyUsd;
    expect(delta).toBeCloseTo(2 * (0.5 * H * 0.04048 + 1 * H * 0.004445), 6); // 36.0401
  });

  it('GIVEN instanceClass db.t4g.micro → db.t4g.medium THEN the estimate moves by exactly the hourly difference', () => {
    const delta = estimate('customer-bigger-db').monthlyUsd - estimate('customer-customer1').monthlyUsd;
    expect(delta).toBeCloseTo(H * (0.072 - 0.018), 6); // 39.42
  });

  it('GIVEN the fleet THEN the platform is shared: ALB shards over pooled customers, the rest over all', () => {
    const fleet = estimateFleet(readSynthesized(repo.path('generated')), prices(), assumptions);
    const platform = fleet.workspaces.find((w) => w.workspace === 'platform')!;
    const alb =
      sum(platform, 'elb.') +
      platform.lines.filter((l) => l.address.startsWith('aws_lb.') && l.priceKey.startsWith('vpc.')).reduce((s, l) => s + l.monthlyUsd, 0);
    expect(fleet.share.pooledAlbUsd).toBeCloseTo(alb, 6);
    expect(fleet.share).toMatchObject({ customers: 7, pooledCustomers: 6 });
    const bootstrap = fleet.workspaces.find((w) => w.workspace === 'bootstrap')!;
    expect(fleet.share.sharedUsd).toBeCloseTo(platform.monthlyUsd + bootstrap.monthlyUsd - alb, 6);
    const share = (name: string): number => fleet.workspaces.find((w) => w.workspace === name)!.platformShareUsd;
    expect(share('customer-globex')).toBeCloseTo(fleet.share.sharedUsd / 7, 6);
    expect(share('customer-acme')).toBeCloseTo(fleet.share.sharedUsd / 7 + alb / 6, 6);
    expect(fleet.totalUsd).toBeCloseTo(
      fleet.workspaces.reduce((s, w) => s + w.monthlyUsd, 0),
      6,
    );
  });
});

describe('estimateWorkspace rules on hand-written Terraform JSON', () => {
  const service = (desired: number, min?: number): Record<string, any> => ({
    resource: {
      aws_ecs_task_definition: { t: { cpu: '1024', memory: '2048' } },
      aws_ecs_service: { s: { name: 'svc', desired_count: desired, task_definition: '${aws_ecs_task_definition.t.arn}' } },
      ...(min !== undefined
        ? { aws_appautoscaling_target: { a: { min_capacity: min, resource_id: 'service/c/${aws_ecs_service.s.name}' } } }
        : {}),
    },
  });

  it('prices the autoscaling minimum when it is above desired_count (ignore_changes lets autoscaling own the count)', () => {
    const one = estimateWorkspace(service(1), prices(), assumptions).monthlyUsd;
    expect(estimateWorkspace(service(1, 3), prices(), assumptions).monthlyUsd).toBeCloseTo(3 * one, 6);
    expect(estimateWorkspace(service(2, 1), prices(), assumptions).monthlyUsd).toBeCloseTo(2 * one, 6);
  });

  it('lists what the snapshot cannot price instead of counting it as free', () => {
    const e = estimateWorkspace(
      { resource: { aws_db_instance: { d: { instance_class: 'db.x9.huge', engine: 'postgres' } } } },
      prices(),
      assumptions,
    );
    expect(e.unpriced).toEqual([
      { address: 'aws_db_instance.d', reason: 'no price "rds.postgres.db.x9.huge.single-az.hour" in the eu-west-1 snapshot' },
    ]);
  });

  it('uses the usage overrides of _platform.json', () => {
    const nat = { resource: { aws_nat_gateway: { n: {} } } };
    const more = costAssumptions({ network: { azCount: 2 }, cost: { usage: { natDataGiBPerGatewayMonth: 1100 } } });
    const delta = estimateWorkspace(nat, prices(), more).monthlyUsd - estimateWorkspace(nat, prices(), assumptions).monthlyUsd;
    expect(delta).toBeCloseTo((1100 - DEFAULT_USAGE.natDataGiBPerGatewayMonth) * 0.048, 6); // 1000 GB more at $0.048
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TempRepo } from '../helpers/repo';
import { resources } from '../platform/synth-json';
import { customerStack, synthesized } from './examples';

/**
 * Operations settings the seed deployments use, each GIVEN in a customer config and
 * checked in the synthesized Terraform JSON.
 */
const OPS = {
  tier: 'medium',
  domain: 'ops.example.com',
  services: {
    // Seed 002: 2-10 tasks at 70 % CPU; seed 004 scales on memory; requests per task for a routed service.
    api: {
      autoscaling: {
        min: 2,
        max: 10,
        cpuTargetPercent: 70,
        memoryTargetPercent: 80,
        requestsPerTarget: 1000,
        scaleInCooldownSeconds: 300,
        scaleOutCooldownSeconds: 120,
      },
    },
    worker: { autoscaling: { memoryTargetPercent: 75 } },
  },
};

let repo: TempRepo;
let json: any;
beforeAll(() => {
  repo = synthesized((r) => r.addCustomer('ops', OPS));
  json = customerStack(repo, 'ops');
});
afterAll(() => repo?.dispose());

const policies = (service: string) =>
  resources(json, 'aws_appautoscaling_policy').filter((p) => p.name.startsWith(`saas-prod-ops-${service}-`));

describe('GIVEN a customer scaling on CPU, memory and requests per target', () => {
  it('WHEN synthesized THEN the api tracks all three with the configured cooldowns', () => {
    const byName = Object.fromEntries(policies('api').map((p) => [p.name, p.target_tracking_scaling_policy_configuration]));
    expect(Object.keys(byName).sort()).toEqual(['saas-prod-ops-api-cpu', 'saas-prod-ops-api-memory', 'saas-prod-ops-api-requests']);
    expect(byName['saas-prod-ops-api-cpu']).toMatchObject({
      target_value: 70,
      scale_in_cooldown: 300,
      scale_out_cooldown: 120,
      predefined_metric_specification: { predefined_metric_type: 'ECSServiceAverageCPUUtilization' },
    });
    expect(byName['saas-prod-ops-api-memory']).toMatchObject({
      target_value: 80,
      predefined_metric_specification: { predefined_metric_type: 'ECSServiceAverageMemoryUtilization' },
    });
    const requests = byName['saas-prod-ops-api-requests'];
    expect(requests.target_value).toBe(1000);
    expect(requests.predefined_metric_specification.predefined_metric_type).toBe('ALBRequestCountPerTarget');
    // app/<alb>/<id>/targetgroup/<tg>/<id>: the shard's ARN suffix, then the api target group's.
    expect(requests.predefined_metric_specification.resource_label).toMatch(
      /^\$\{element\(data\.terraform_remote_state\.[\w-]+\.outputs\.alb_arn_suffixes, 0\)\}\/\$\{aws_lb_target_group\.[\w-]*api[\w-]*\.arn_suffix\}$/,
    );
  });

  it("WHEN synthesized THEN the worker adds memory to its tier's CPU tracking, with the tier's cooldowns", () => {
    const byName = Object.fromEntries(policies('worker').map((p) => [p.name, p.target_tracking_scaling_policy_configuration]));
    expect(Object.keys(byName).sort()).toEqual(['saas-prod-ops-worker-cpu', 'saas-prod-ops-worker-memory']);
    expect(byName['saas-prod-ops-worker-memory']).toMatchObject({
      target_value: 75,
      scale_in_cooldown: 300,
      scale_out_cooldown: 60,
      predefined_metric_specification: { predefined_metric_type: 'ECSServiceAverageMemoryUtilization' },
    });
  });
});

describe('GIVEN the tiers WHEN synthesized THEN backups and log retention differ where the tiers say', () => {
  const plan = (customer: string) =>
    resources(customerStack(repo, customer), 'aws_backup_plan').map((p) => p.rule.map((r: any) => [r.rule_name, r.lifecycle.delete_after]));

  it('small (customer1): no AWS Backup, medium (acme): 7 daily / 30 weekly, large (globex): 14 / 90', () => {
    expect(plan('customer1')).toEqual([]);
    expect(plan('acme')).toEqual([
      [
        ['daily', 7],
        ['weekly', 30],
      ],
    ]);
    expect(plan('globex')).toEqual([
      [
        ['daily', 14],
        ['weekly', 90],
      ],
    ]);
  });

  it('a customer dashboard exists for every tier by default', () => {
    for (const customer of ['customer1', 'acme', 'globex'])
      expect(resources(customerStack(repo, customer), 'aws_cloudwatch_dashboard').map((d) => d.dashboard_name)).toEqual([
        `saas-prod-${customer}`,
      ]);
  });
});

describe('bad operations input', () => {
  let bad: TempRepo | undefined;
  afterEach(() => bad?.dispose());
  const rejected = (config: Record<string, unknown>) =>
    (bad = new TempRepo().addCustomer('newco', { tier: 'medium', domain: 'newco.example.com', ...config })).rejection();

  it('fails when an alarm level is misspelt, suggesting the level', () => {
    expect(rejected({ alerts: { thresholds: { serviceCpuPercent: { warnign: 60 } } } })).toEqual([
      expect.objectContaining({
        code: 'schema.unknown-key',
        file: 'customers/newco/config.json',
        path: 'alerts.thresholds.serviceCpuPercent.warnign',
        message: 'unknown key "warnign" (did you mean "warning"?)',
      }),
    ]);
  });

  it('fails when a backup retention is negative, naming the allowed range', () => {
    expect(rejected({ backup: { weeklyRetentionDays: -1 } })).toEqual([
      expect.objectContaining({ code: 'schema.minimum', path: 'backup.weeklyRetentionDays', value: -1, allowed: 'a number >= 0' }),
    ]);
  });

  it('fails when sticky sessions last zero seconds', () => {
    expect(rejected({ services: { api: { stickySessions: { enabled: true, durationSeconds: 0 } } } })).toEqual([
      expect.objectContaining({
        code: 'schema.minimum',
        path: 'services.api.stickySessions.durationSeconds',
        value: 0,
        allowed: 'a number >= 1',
      }),
    ]);
  });

  it("fails when a customer name would take the platform's ECS Exec key alias", () => {
    bad = new TempRepo().addCustomer('ecs-exec', { tier: 'small', domain: 'ecs-exec.example.com' });
    expect(bad.rejection()).toEqual([
      expect.objectContaining({
        code: 'rule.derived-names-not-platform',
        file: 'customers/ecs-exec/config.json',
        path: 'name',
        message: `derived KMS alias "alias/saas-prod-ecs-exec" is already taken by the platform's own KMS alias`,
      }),
    ]);
  });

  it('fails when a service without a port scales on requests per target', () => {
    expect(rejected({ services: { worker: { autoscaling: { requestsPerTarget: 100 } } } })).toEqual([
      {
        code: 'rule.autoscaling-bounds',
        file: 'customers/newco/config.json',
        path: 'services.worker.autoscaling.requestsPerTarget',
        value: 100,
        message: 'service "worker" has no port, so the load balancer counts no requests for it',
        allowed: 'cpuTargetPercent or memoryTargetPercent, or give the service a port',
      },
    ]);
  });
});

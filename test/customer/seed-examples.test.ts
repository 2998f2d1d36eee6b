import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempRepo } from '../helpers/repo';
import { resources } from '../platform/synth-json';
import { addSeedExamples, customerStack, synthesized } from './examples';

/**
 * The seed deployments written as customer configs (customers/freeinterest, exiuscart,
 * avnz): each GIVEN as committed, WHEN synthesized, THEN the Terraform carries what the
 * seed's operators ask for.
 */
let repo: TempRepo;
let avnz: any;
let exius: any;
let platform: any;
beforeAll(() => {
  repo = synthesized(addSeedExamples);
  avnz = customerStack(repo, 'avnz');
  exius = customerStack(repo, 'exiuscart');
  platform = repo.stack('platform');
});
afterAll(() => repo?.dispose());

const byName = (json: any, type: string, key = 'name') => Object.fromEntries(resources(json, type).map((r) => [r[key], r]));

describe('GIVEN seed 004 as customer avnz (api, admin on 3000, portal on 3003)', () => {
  it('THEN its three routed services have target groups on their ports, admin and portal with 1-hour cookie stickiness', () => {
    const groups = byName(avnz, 'aws_lb_target_group');
    expect(Object.keys(groups).sort()).toEqual(['prod-avnz-admin', 'prod-avnz-api', 'prod-avnz-portal']);
    expect(groups['prod-avnz-admin']).toMatchObject({
      port: 3000,
      stickiness: { type: 'lb_cookie', enabled: true, cookie_duration: 3600 },
    });
    expect(groups['prod-avnz-portal']).toMatchObject({
      port: 3003,
      stickiness: { type: 'lb_cookie', enabled: true, cookie_duration: 3600 },
    });
    expect(groups['prod-avnz-api'].stickiness).toBeUndefined();
  });

  it('THEN application logs are kept 30 days and database logs 90', () => {
    const groups = byName(avnz, 'aws_cloudwatch_log_group');
    for (const service of ['api', 'admin', 'portal']) expect(groups[`/ecs/avnz-${service}`].retention_in_days).toBe(30);
    expect(groups['/aws/rds/instance/saas-prod-avnz/postgresql'].retention_in_days).toBe(90);
    expect(groups['/aws/rds/instance/saas-prod-avnz/upgrade'].retention_in_days).toBe(90);
  });

  it('THEN CPU, memory, p95 latency and 5xx alarms exist at both levels with the seed thresholds, each level on its own topic', () => {
    const alarms = byName(avnz, 'aws_cloudwatch_metric_alarm', 'alarm_name');
    expect(alarms['saas-prod-avnz-api-cpu-warning']).toMatchObject({ threshold: 70, metric_name: 'CPUUtilization', namespace: 'AWS/ECS' });
    expect(alarms['saas-prod-avnz-api-cpu-critical']).toMatchObject({ threshold: 90 });
    expect(alarms['saas-prod-avnz-api-memory-critical']).toMatchObject({ threshold: 95, metric_name: 'MemoryUtilization' });
    expect(alarms['saas-prod-avnz-portal-latency-p95-warning']).toMatchObject({
      threshold: 0.5,
      extended_statistic: 'p95',
      metric_name: 'TargetResponseTime',
    });
    expect(alarms['saas-prod-avnz-portal-latency-p95-critical'].threshold).toBe(2);
    expect(alarms['saas-prod-avnz-admin-5xx-rate-warning'].threshold).toBe(1);
    expect(alarms['saas-prod-avnz-admin-5xx-rate-critical'].threshold).toBe(5);
    // db.r6g.large: 16 GiB -> an estimated 1802 max_connections; 80 % and 95 % of it.
    expect(alarms['saas-prod-avnz-database-connections-warning'].threshold).toBe(1441);
    expect(alarms['saas-prod-avnz-database-connections-critical'].threshold).toBe(1711);
    expect(alarms['saas-prod-avnz-cache-1-memory-critical'].metric_name).toBe('DatabaseMemoryUsagePercentage');
    const topics = Object.entries<any>(avnz.resource.aws_sns_topic).map(([id, t]) => [id, t.name]);
    const topicOf = (name: string) => topics.find(([, n]) => n === name)![0];
    expect(alarms['saas-prod-avnz-api-cpu-warning'].alarm_actions).toEqual([
      `\${aws_sns_topic.${topicOf('saas-prod-avnz-alerts-warning')}.arn}`,
    ]);
    expect(alarms['saas-prod-avnz-api-cpu-critical'].alarm_actions).toEqual([`\${aws_sns_topic.${topicOf('saas-prod-avnz-alerts')}.arn}`]);
    const subscribers = (topic: string) =>
      resources(avnz, 'aws_sns_topic_subscription')
        .filter((s) => s.topic_arn === `\${aws_sns_topic.${topicOf(topic)}.arn}`)
        .map((s) => s.endpoint)
        .sort();
    expect(subscribers('saas-prod-avnz-alerts')).toEqual(['oncall@avnz.example.com', 'platform@avnz.example.com']);
    expect(subscribers('saas-prod-avnz-alerts-warning')).toEqual(['dev@avnz.example.com', 'platform@avnz.example.com']);
  });

  it('THEN each routed service rolls a deployment back on its critical 5xx and latency alarms', () => {
    for (const service of resources(avnz, 'aws_ecs_service')) {
      const short = service.name.replace('avnz-', '');
      expect(service.alarms).toEqual({
        enable: true,
        rollback: true,
        alarm_names: [expect.stringContaining(`${short}-5xx-rate-critical`), expect.stringContaining(`${short}-latency-p95-critical`)],
      });
      expect(service.deployment_circuit_breaker).toEqual({ enable: true, rollback: true });
    }
  });

  it('THEN ECS Exec is on for the api only, logged to its own encrypted group by its dedicated cluster, with the agent paths writable', () => {
    const services = byName(avnz, 'aws_ecs_service');
    expect(services['avnz-api'].enable_execute_command).toBe(true);
    expect(services['avnz-admin'].enable_execute_command).toBeUndefined();
    const [cluster] = resources(avnz, 'aws_ecs_cluster');
    expect(cluster.configuration.execute_command_configuration).toEqual({
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\..*\.arn\}$/),
      logging: 'OVERRIDE',
      log_configuration: {
        cloud_watch_log_group_name: expect.stringMatching(/exec-sessions.*\.name\}$/),
        cloud_watch_encryption_enabled: true,
      },
    });
    expect(byName(avnz, 'aws_cloudwatch_log_group')['/ecs/avnz/exec-sessions'].kms_key_id).toMatch(/^\$\{aws_kms_key\./);
    const api = resources(avnz, 'aws_ecs_task_definition').find((t) => t.family === 'saas-prod-avnz-api');
    // Quotes inside `${…}` are Terraform's: they become `'` to parse the JSON.
    const container = JSON.parse(api.container_definitions.replace(/\$\{[^}]*\}/g, (i: string) => i.replace(/"/g, "'")))[0];
    expect(container.readonlyRootFilesystem).toBe(true);
    expect(container.mountPoints.map((m: any) => m.containerPath)).toEqual([
      '/tmp',
      '/managed-agents',
      '/var/lib/amazon/ssm',
      '/var/log/amazon/ssm',
    ]);
  });

  it('THEN the task role may open exec channels and write only its own session log', () => {
    const docs = Object.values<any>(avnz.data.aws_iam_policy_document).flatMap((d) => d.statement ?? []);
    expect(docs.find((s) => s.sid === 'EcsExecChannels').actions).toEqual([
      'ssmmessages:CreateControlChannel',
      'ssmmessages:CreateDataChannel',
      'ssmmessages:OpenControlChannel',
      'ssmmessages:OpenDataChannel',
    ]);
    expect(docs.find((s) => s.sid === 'EcsExecWriteSessionLog').resources).toEqual([
      expect.stringMatching(/:logs:eu-west-1:.*:log-group:\/ecs\/avnz\/exec-sessions:\*$/),
    ]);
  });

  it('THEN a dashboard shows its services, target groups, database and cache', () => {
    const [dashboard] = resources(avnz, 'aws_cloudwatch_dashboard');
    expect(dashboard.dashboard_name).toBe('saas-prod-avnz');
    const body = JSON.parse(dashboard.dashboard_body);
    expect(body.widgets.map((w: any) => w.properties.title)).toEqual([
      'Service CPU %',
      'Service memory %',
      'Requests',
      'Target 5xx responses',
      'Response time p95 (s)',
      'Healthy targets',
      'Database CPU % and connections',
      'Database free storage (bytes)',
      'Cache engine CPU %',
      'Cache memory used %',
    ]);
    expect(body.widgets[0].properties.metrics.map((m: any[]) => m[5])).toEqual(['avnz-admin', 'avnz-api', 'avnz-portal']);
  });
});

describe('GIVEN seed 002 as customer exiuscart (FastAPI behind CloudFront, scaling 2-10 at 70 %)', () => {
  it('THEN the api scales between 2 and 10 tasks at 70 % CPU', () => {
    const [target] = resources(exius, 'aws_appautoscaling_target');
    expect(target).toMatchObject({ min_capacity: 2, max_capacity: 10 });
    const [policy] = resources(exius, 'aws_appautoscaling_policy');
    expect(policy.target_tracking_scaling_policy_configuration).toMatchObject({
      target_value: 70,
      scale_out_cooldown: 120,
      scale_in_cooldown: 300,
    });
  });

  it('THEN AWS Backup keeps daily recovery points 7 days and weekly ones 30, of its database only', () => {
    const [plan] = resources(exius, 'aws_backup_plan');
    expect(plan.rule.map((r: any) => [r.rule_name, r.schedule, r.lifecycle.delete_after])).toEqual([
      ['daily', 'cron(0 3 * * ? *)', 7],
      ['weekly', 'cron(0 5 ? * SUN *)', 30],
    ]);
    const [selection] = resources(exius, 'aws_backup_selection');
    expect(selection.resources).toEqual([expect.stringMatching(/^\$\{aws_db_instance\..*\.arn\}$/)]);
    const [vault] = resources(exius, 'aws_backup_vault');
    expect(vault).toMatchObject({ name: 'saas-prod-exiuscart-backup', lifecycle: { prevent_destroy: true } });
    const role = resources(exius, 'aws_iam_role').find((r) => r.name === 'saas-prod-exiuscart-backup');
    const trust = /^\$\{data\.aws_iam_policy_document\.(\w+)\.json\}$/.exec(role?.assume_role_policy ?? '')?.[1];
    expect(JSON.stringify(exius.data.aws_iam_policy_document[trust!]), 'the backup role is assumed by AWS Backup').toContain(
      'backup.amazonaws.com',
    );
    expect(resources(exius, 'aws_iam_role_policy_attachment').map((a) => a.policy_arn.replace(/^.*:policy\//, ''))).toEqual([
      'service-role/AWSBackupServiceRolePolicyForBackup',
      'service-role/AWSBackupServiceRolePolicyForRestores',
    ]);
  });

  it('THEN static assets stay 30 days at the edge, every behavior adds the security headers, and access logs go to its own bucket', () => {
    const [distribution] = resources(exius, 'aws_cloudfront_distribution');
    const [assets] = resources(exius, 'aws_cloudfront_cache_policy').filter((p) => p.name === 'saas-prod-exiuscart-assets');
    expect(assets).toMatchObject({ default_ttl: 2592000, min_ttl: 0, max_ttl: 31536000 });
    expect(distribution.ordered_cache_behavior.find((b: any) => b.path_pattern === '/assets/*').cache_policy_id).toMatch(/assets-cache/);
    const [headers] = resources(exius, 'aws_cloudfront_response_headers_policy');
    expect(headers.security_headers_config.strict_transport_security).toEqual({
      access_control_max_age_sec: 31536000,
      include_subdomains: true,
      preload: false,
      override: true,
    });
    for (const behavior of [distribution.default_cache_behavior, ...distribution.ordered_cache_behavior])
      expect(behavior.response_headers_policy_id).toMatch(/security-headers/);
    expect(distribution.logging_config).toEqual({
      bucket: expect.stringMatching(/^\$\{aws_s3_bucket\..*cdn-logs.*\.bucket_domain_name\}$/),
      prefix: 'exiuscart/',
      include_cookies: false,
    });
    const logs = resources(exius, 'aws_s3_bucket').find((b) => b.bucket.startsWith('saas-prod-exiuscart-cdn-logs-'));
    expect(logs?.bucket, 'the CDN log bucket is named with the account id').toMatch(/^saas-prod-exiuscart-cdn-logs-\$\{.*account_id\}$/);
    const [acl] = resources(exius, 'aws_s3_bucket_acl');
    expect(acl.access_control_policy.grant.map((g: any) => g.grantee.id)).toContain(
      'c4c1ede66af53448b93c283ce9448c4ba468c9432aa01d700d3878632f77d2d0',
    );
  });

  it('THEN its critical alarms use the seed thresholds (errors 5 %, CPU 80 %, connections 80 %, free disk 20 %)', () => {
    const alarms = byName(exius, 'aws_cloudwatch_metric_alarm', 'alarm_name');
    expect(alarms['saas-prod-exiuscart-api-5xx-rate-critical'].threshold).toBe(5);
    expect(alarms['saas-prod-exiuscart-api-cpu-critical'].threshold).toBe(80);
    // db.t4g.small: 2 GiB -> an estimated 225 max_connections.
    expect(alarms['saas-prod-exiuscart-database-connections-critical'].threshold).toBe(180);
    expect(alarms['saas-prod-exiuscart-database-free-storage-critical']).toMatchObject({
      threshold: Math.floor(20 * 2 ** 30 * 0.2),
      comparison_operator: 'LessThanThreshold',
    });
  });
});

describe('GIVEN the platform', () => {
  it('THEN the shared cluster logs and encrypts ECS Exec sessions with the platform key, exported for pooled customers', () => {
    const [cluster] = resources(platform, 'aws_ecs_cluster');
    expect(cluster.configuration.execute_command_configuration).toMatchObject({
      logging: 'OVERRIDE',
      log_configuration: { cloud_watch_encryption_enabled: true },
    });
    expect(Object.keys(platform.output)).toEqual(expect.arrayContaining(['ecs_exec_kms_key_arn', 'ecs_exec_log_group_name']));
    expect(byName(platform, 'aws_cloudwatch_log_group')['/ecs/saas-prod/exec-sessions']).toMatchObject({ retention_in_days: 365 });
  });

  it('THEN one dashboard shows the cluster, every ALB shard and the NAT gateways', () => {
    const [dashboard] = resources(platform, 'aws_cloudwatch_dashboard');
    expect(dashboard.dashboard_name).toBe('saas-prod');
    expect(JSON.parse(dashboard.dashboard_body).widgets).toHaveLength(6);
  });
});

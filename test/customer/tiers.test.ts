import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempRepo } from '../helpers/repo';
import { resources } from '../platform/synth-json';
import { addressOf, customerStack, synthesized } from './examples';

let repo: TempRepo;
beforeAll(() => {
  repo = synthesized();
});
afterAll(() => repo?.dispose());

const REMOTE = /^\$\{data\.terraform_remote_state\.[\w-]+\.outputs\./;
const sharedListener = (shard: number) =>
  new RegExp(`^\\$\\{element\\(data\\.terraform_remote_state\\.[\\w-]+\\.outputs\\.alb_https_listener_arns, ${shard}\\)\\}$`);

describe('GIVEN the small example customer1', () => {
  let json: any;
  beforeAll(() => {
    json = customerStack(repo, 'customer1');
  });

  it('WHEN synthesized THEN it has one single-AZ db.t4g.micro and no replica', () => {
    const dbs = resources(json, 'aws_db_instance');
    expect(dbs).toHaveLength(1);
    expect(dbs[0]).toMatchObject({ instance_class: 'db.t4g.micro', multi_az: false, backup_retention_period: 7 });
    expect(dbs[0].replicate_source_db).toBeUndefined();
  });

  it('WHEN synthesized THEN its cache is one node without failover', () => {
    expect(resources(json, 'aws_elasticache_replication_group')).toEqual([
      expect.objectContaining({
        num_cache_clusters: 1,
        automatic_failover_enabled: false,
        multi_az_enabled: false,
        node_type: 'cache.t4g.micro',
      }),
    ]);
  });

  it('WHEN synthesized THEN one task per service, no autoscaling, on the shared cluster and its ALB shard', () => {
    const services = resources(json, 'aws_ecs_service');
    expect(services.map((s) => s.desired_count)).toEqual([1, 1, 1]);
    expect(services.every((s) => REMOTE.test(s.cluster) && s.cluster.includes('ecs_cluster_arn'))).toBe(true);
    expect(resources(json, 'aws_appautoscaling_target')).toEqual([]);
    expect(resources(json, 'aws_lb_listener_rule').map((r) => r.listener_arn)).toEqual([
      expect.stringMatching(sharedListener(0)),
      expect.stringMatching(sharedListener(0)),
    ]);
  });

  it('WHEN synthesized THEN it owns no cluster, load balancer or KMS key', () => {
    for (const type of ['aws_ecs_cluster', 'aws_lb', 'aws_lb_listener', 'aws_kms_key']) expect(resources(json, type), type).toEqual([]);
  });
});

describe('GIVEN the medium example acme', () => {
  let json: any;
  beforeAll(() => {
    json = customerStack(repo, 'acme');
  });

  it('WHEN synthesized THEN its database is Multi-AZ db.t4g.small without replicas', () => {
    expect(resources(json, 'aws_db_instance')).toEqual([
      expect.objectContaining({ instance_class: 'db.t4g.small', multi_az: true, backup_retention_period: 14 }),
    ]);
  });

  it('WHEN synthesized THEN its cache has one replica with automatic failover and Multi-AZ', () => {
    expect(resources(json, 'aws_elasticache_replication_group')).toEqual([
      expect.objectContaining({ num_cache_clusters: 2, automatic_failover_enabled: true, multi_az_enabled: true }),
    ]);
  });

  it('WHEN synthesized THEN every service scales on CPU between its bounds and Terraform leaves the running count to autoscaling', () => {
    const targets = resources(json, 'aws_appautoscaling_target');
    expect(targets.map((t) => [t.min_capacity, t.max_capacity]).sort()).toEqual([
      [2, 4],
      [2, 6],
      [2, 6],
    ]);
    const policies = resources(json, 'aws_appautoscaling_policy');
    expect(policies.map((p) => p.target_tracking_scaling_policy_configuration.target_value)).toEqual([70, 70, 70]);
    expect(
      policies.every(
        (p) =>
          p.target_tracking_scaling_policy_configuration.predefined_metric_specification.predefined_metric_type ===
          'ECSServiceAverageCPUUtilization',
      ),
    ).toBe(true);
    for (const s of resources(json, 'aws_ecs_service'))
      expect(s).toMatchObject({ desired_count: 2, lifecycle: { ignore_changes: ['desired_count'] } });
  });
});

describe('GIVEN the large example globex', () => {
  let json: any;
  beforeAll(() => {
    json = customerStack(repo, 'globex');
  });

  it('WHEN synthesized THEN its database is Multi-AZ with one read replica of it', () => {
    const dbs = resources(json, 'aws_db_instance');
    expect(dbs).toHaveLength(2);
    const primary = addressOf(json, 'aws_db_instance', (d) => d.replicate_source_db === undefined);
    expect(dbs.find((d) => d.replicate_source_db === undefined)).toMatchObject({
      multi_az: true,
      instance_class: 'db.r6g.large',
      identifier: 'saas-prod-globex',
    });
    expect(dbs.find((d) => d.replicate_source_db)).toMatchObject({
      replicate_source_db: `\${${primary}.identifier}`,
      identifier: 'saas-prod-globex-replica-1',
    });
  });

  it('WHEN synthesized THEN its services run on its own ECS cluster', () => {
    const cluster = addressOf(json, 'aws_ecs_cluster', (c) => c.name === 'saas-prod-globex');
    expect(resources(json, 'aws_ecs_cluster')[0].setting).toEqual([{ name: 'containerInsights', value: 'enabled' }]);
    expect(resources(json, 'aws_ecs_service').map((s) => s.cluster)).toEqual([
      `\${${cluster}.arn}`,
      `\${${cluster}.arn}`,
      `\${${cluster}.arn}`,
    ]);
  });

  it('WHEN synthesized THEN its listener rules sit on its own ALB, whose group admits 80/443 and reaches only its services', () => {
    expect(resources(json, 'aws_lb')).toEqual([
      expect.objectContaining({ name: 'prod-globex', internal: false, enable_deletion_protection: true }),
    ]);
    const https = addressOf(json, 'aws_lb_listener', (l) => l.protocol === 'HTTPS');
    expect(resources(json, 'aws_lb_listener_rule').map((r) => r.listener_arn)).toEqual([`\${${https}.arn}`, `\${${https}.arn}`]);
    const albGroup = addressOf(json, 'aws_security_group', (g) => g.name === 'saas-prod-globex-alb-sg');
    const ingress = resources(json, 'aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === `\${${albGroup}.id}`);
    expect(ingress.map((r) => `${r.from_port} ${r.cidr_ipv4 ?? r.cidr_ipv6}`).sort()).toEqual([
      '443 0.0.0.0/0',
      '443 ::/0',
      '80 0.0.0.0/0',
      '80 ::/0',
    ]);
    const egress = resources(json, 'aws_vpc_security_group_egress_rule').filter((r) => r.security_group_id === `\${${albGroup}.id}`);
    const groupOf = (name: string) => `\${${addressOf(json, 'aws_security_group', (g) => g.name === name)}.id}`;
    expect(egress.map((r) => [r.from_port, r.referenced_security_group_id]).sort()).toEqual([
      [3000, groupOf('saas-prod-globex-frontend')],
      [3001, groupOf('saas-prod-globex-api')],
    ]);
  });

  it('WHEN synthesized THEN its own rotating KMS key encrypts database, cache, bucket, logs and alerts', () => {
    expect(resources(json, 'aws_kms_key')).toEqual([expect.objectContaining({ enable_key_rotation: true, deletion_window_in_days: 30 })]);
    expect(resources(json, 'aws_kms_alias')).toEqual([expect.objectContaining({ name: 'alias/saas-prod-globex' })]);
    const keyArn = `\${${addressOf(json, 'aws_kms_key', () => true)}.arn}`;
    const [primary, replica] = resources(json, 'aws_db_instance');
    expect(primary).toMatchObject({ storage_encrypted: true, kms_key_id: keyArn, performance_insights_kms_key_id: keyArn });
    // Same-region replicas inherit the primary's key; AWS rejects one passed explicitly.
    expect(replica.replicate_source_db).toBeTruthy();
    expect(replica).not.toHaveProperty('kms_key_id');
    expect(replica).not.toHaveProperty('storage_encrypted');
    expect(replica.performance_insights_kms_key_id).toBe(keyArn);
    expect(resources(json, 'aws_elasticache_replication_group')[0]).toMatchObject({ kms_key_id: keyArn, num_cache_clusters: 3 });
    expect(
      resources(json, 'aws_s3_bucket_server_side_encryption_configuration')[0].rule[0].apply_server_side_encryption_by_default,
    ).toEqual({ sse_algorithm: 'aws:kms', kms_master_key_id: keyArn });
    expect(resources(json, 'aws_cloudwatch_log_group').every((g) => g.kms_key_id === keyArn)).toBe(true);
    expect(resources(json, 'aws_sns_topic')[0].kms_master_key_id).toBe(keyArn);
  });
});

describe.each(['customer1', 'acme', 'globex'])('GIVEN the example %s', (customer) => {
  it('WHEN synthesized THEN its database is private, encrypted, protected and snapshotted, with TLS forced and its password managed by RDS', () => {
    const json = customerStack(repo, customer);
    const primary = resources(json, 'aws_db_instance').find((d) => d.replicate_source_db === undefined);
    expect(primary).toMatchObject({
      engine: 'postgres',
      publicly_accessible: false,
      storage_encrypted: true,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: `saas-prod-${customer}-final`,
      manage_master_user_password: true,
      performance_insights_enabled: true,
      enabled_cloudwatch_logs_exports: ['postgresql', 'upgrade'],
    });
    expect(primary.password).toBeUndefined();
    expect(primary.final_snapshot_identifier).toMatch(/^[a-z](?!.*--)[a-z0-9-]{0,253}[a-z0-9]$/);
    expect(primary.max_allocated_storage).toBeGreaterThan(primary.allocated_storage);
    expect(resources(json, 'aws_db_parameter_group')).toEqual([
      expect.objectContaining({ family: 'postgres16', parameter: [expect.objectContaining({ name: 'rds.force_ssl', value: '1' })] }),
    ]);
  });
});

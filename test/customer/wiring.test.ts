import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempRepo } from '../helpers/repo';
import { dataSources, resources } from '../platform/synth-json';
import { addressOf, customerStack, synthesized } from './examples';

/** The container of a service's task definition; quotes inside `${…}` are Terraform's, so they become `'` to parse the JSON. */
const container = (json: any, service: string): any => {
  const text: string = resources(json, 'aws_ecs_task_definition').find((t) => t.family.endsWith(`-${service}`)).container_definitions;
  return JSON.parse(text.replace(/\$\{[^}]*\}/g, (interpolation) => interpolation.replace(/"/g, "'")))[0];
};
const remoteOutput = (json: any, name: string): string =>
  `data.terraform_remote_state.${Object.keys(json.data.terraform_remote_state)[0]}.outputs.${name}`;

let repo: TempRepo;
let customer1: any;
let acme: any;
let custom: any;
beforeAll(() => {
  repo = synthesized((r) =>
    r.addCustomer('custom', {
      tier: 'small',
      domain: 'custom.example.com',
      database: { enabled: false },
      cache: { enabled: false },
      storage: { uploads: false },
      services: {
        api: { image: 'public.ecr.aws/nginx/nginx:1.27', environment: { GREETING: 'say "hi" to ${USER} at 100%{x}' } },
        frontend: { enabled: false },
      },
    }),
  );
  customer1 = customerStack(repo, 'customer1');
  acme = customerStack(repo, 'acme');
  custom = customerStack(repo, 'custom');
});
afterAll(() => repo?.dispose());

describe('GIVEN the example customers', () => {
  it('WHEN synthesized THEN platform values come from the platform state only, read encrypted from the state bucket', () => {
    expect(Object.values(customer1.data.terraform_remote_state)).toEqual([
      {
        backend: 's3',
        config: { bucket: 'saas-prod-terraform-state', key: 'platform/terraform.tfstate', region: 'eu-west-1', encrypt: true },
      },
    ]);
    expect(dataSources(customer1, 'aws_caller_identity')).toEqual([]);
  });

  it("WHEN an image names a platform ECR repository THEN the task runs it from that repository's URL", () => {
    expect(container(customer1, 'api').image).toBe(`\${${remoteOutput(customer1, 'ecr_repository_urls')}['backend-api']}:1.0.0`);
  });

  it('WHEN a container is defined THEN it is non-privileged, logs to its group, checks its health and mounts /tmp under a read-only root', () => {
    const api = container(customer1, 'api');
    expect(api).toMatchObject({
      essential: true,
      privileged: false,
      readonlyRootFilesystem: true,
      portMappings: [{ containerPort: 3001, protocol: 'tcp', name: 'http' }],
      mountPoints: [{ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false }],
      logConfiguration: {
        logDriver: 'awslogs',
        options: { 'awslogs-group': '/ecs/customer1-api', 'awslogs-region': 'eu-west-1', 'awslogs-stream-prefix': 'ecs' },
      },
      healthCheck: { command: ['CMD-SHELL', expect.stringContaining('/health')], interval: 30, timeout: 5, retries: 3 },
    });
    expect(container(customer1, 'worker').portMappings).toEqual([]);
    expect(resources(customer1, 'aws_cloudwatch_log_group').map((g) => [g.name, g.retention_in_days])).toContainEqual([
      '/ecs/customer1-worker',
      30,
    ]);
  });

  it('WHEN a service is created THEN it runs in private subnets without a public IP, rolls back failed deployments and propagates tags', () => {
    for (const service of resources(customer1, 'aws_ecs_service')) {
      expect(service).toMatchObject({
        launch_type: 'FARGATE',
        network_configuration: { assign_public_ip: false, subnets: `\${${remoteOutput(customer1, 'private_subnet_ids')}}` },
        deployment_circuit_breaker: { enable: true, rollback: true },
        propagate_tags: 'SERVICE',
      });
    }
  });

  it('WHEN the database exists THEN the services listing it get its host as plain environment and its managed secret as a secret, never the password', () => {
    const db = addressOf(customer1, 'aws_db_instance', () => true);
    for (const service of ['api', 'worker']) {
      const c = container(customer1, service);
      expect(c.secrets).toContainEqual({ name: 'DATABASE_SECRET', valueFrom: `\${${db}.master_user_secret[0].secret_arn}` });
      expect(c.environment).toContainEqual({ name: 'DATABASE_HOST', value: `\${${db}.address}` });
      expect(c.environment).toContainEqual(expect.objectContaining({ name: 'REDIS_HOST' }));
      expect(c.environment.map((e: any) => e.name)).not.toContain('DATABASE_PASSWORD');
    }
    // The internet-facing frontend lists no data store: no credentials, no connection settings.
    const frontend = container(customer1, 'frontend');
    expect((frontend.secrets ?? []).map((e: any) => e.name)).not.toContain('DATABASE_SECRET');
    expect(frontend.environment.map((e: any) => e.name).filter((n: string) => /^(DATABASE|REDIS)_/.test(n))).toEqual([]);
    expect(container(acme, 'api').secrets).toContainEqual({
      name: 'JWT_SECRET',
      valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:saas/prod/acme/jwt-AbCdEf',
    });
  });

  it("WHEN the cache exists THEN it is encrypted both ways and reachable only through IAM authentication as the customer's own user", () => {
    const [group] = resources(customer1, 'aws_elasticache_replication_group');
    expect(group).toMatchObject({
      at_rest_encryption_enabled: 'true',
      transit_encryption_enabled: true,
      transit_encryption_mode: 'required',
      snapshot_retention_limit: 1,
    });
    const users = resources(customer1, 'aws_elasticache_user');
    expect(users.map((u) => [u.user_name, u.authentication_mode.type, u.access_string.split(' ')[0]]).sort()).toEqual([
      ['default', 'no-password-required', 'off'],
      ['saas-prod-customer1-app', 'iam', 'on'],
    ]);
    expect(users.every((u) => u.passwords === undefined)).toBe(true);
    const connect = dataSources(customer1, 'aws_iam_policy_document')
      .flatMap((d) => d.statement)
      .find((s: any) => s.actions.includes('elasticache:Connect'));
    expect(connect.resources).toEqual([
      `\${${addressOf(customer1, 'aws_elasticache_replication_group', () => true)}.arn}`,
      `\${${addressOf(customer1, 'aws_elasticache_user', (u) => u.authentication_mode.type === 'iam')}.arn}`,
    ]);
  });

  it('WHEN uploads are on THEN the bucket is named with the account id, versioned, private and TLS-only', () => {
    expect(resources(customer1, 'aws_s3_bucket')).toEqual([
      expect.objectContaining({ bucket: `saas-prod-customer1-uploads-\${${remoteOutput(customer1, 'account_id')}}` }),
    ]);
    expect(resources(customer1, 'aws_s3_bucket_versioning')[0].versioning_configuration.status).toBe('Enabled');
    expect(resources(customer1, 'aws_s3_bucket_public_access_block')[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(resources(customer1, 'aws_s3_bucket_ownership_controls')[0].rule.object_ownership).toBe('BucketOwnerEnforced');
    const deny = dataSources(customer1, 'aws_iam_policy_document')
      .flatMap((d) => d.statement)
      .find((s: any) => s.sid === 'DenyInsecureTransport');
    expect(deny.condition).toEqual([{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }]);
  });

  it("WHEN there is no CDN THEN the domain's A record aliases the ALB shard, and no AAAA points at the IPv4-only ALB", () => {
    const records = resources(customer1, 'aws_route53_record');
    expect(records.map((r) => r.type).sort()).toEqual(['A']);
    for (const r of records) {
      expect(r).toMatchObject({ name: 'customer1.example.com', zone_id: `\${${remoteOutput(customer1, 'hosted_zone_id')}}` });
      expect(r.alias).toEqual({
        name: `\${element(${remoteOutput(customer1, 'alb_dns_names')}, 0)}`,
        zone_id: `\${element(${remoteOutput(customer1, 'alb_zone_ids')}, 0)}`,
        evaluate_target_health: true,
      });
    }
  });

  it('WHEN the CDN is on THEN CloudFront fronts the ALB over HTTPS, skips caching API paths, serves assets through OAC and DNS points at it', () => {
    const [cdn] = resources(acme, 'aws_cloudfront_distribution');
    expect(cdn).toMatchObject({
      aliases: ['acme.example.com'],
      viewer_certificate: { minimum_protocol_version: 'TLSv1.2_2021', ssl_support_method: 'sni-only' },
    });
    expect(cdn.default_cache_behavior.viewer_protocol_policy).toBe('redirect-to-https');
    const alb = cdn.origin.find((o: any) => o.custom_origin_config);
    expect(alb.custom_origin_config.origin_protocol_policy).toBe('https-only');
    const [apiPolicy] = resources(acme, 'aws_cloudfront_cache_policy');
    expect(apiPolicy).toMatchObject({ name: 'saas-prod-acme-api', min_ttl: 0, default_ttl: 0, max_ttl: 1 });
    expect(apiPolicy.parameters_in_cache_key_and_forwarded_to_origin.headers_config).toEqual({
      header_behavior: 'whitelist',
      headers: { items: ['Authorization'] },
    });
    const apiPolicyId = `\${${addressOf(acme, 'aws_cloudfront_cache_policy', () => true)}.id}`;
    const uncached = cdn.ordered_cache_behavior.filter((b: any) => b.cache_policy_id === apiPolicyId).map((b: any) => b.path_pattern);
    expect(uncached).toEqual(['/api/*', '/health']);
    expect(cdn.default_cache_behavior.cache_policy_id).toBe('4cc15a8a-d715-48a4-82b8-cc0b614638fe');
    const assets = cdn.ordered_cache_behavior.find((b: any) => b.path_pattern === '/assets/*');
    expect(cdn.origin.find((o: any) => o.origin_id === assets.target_origin_id).origin_access_control_id).toBe(
      `\${${addressOf(acme, 'aws_cloudfront_origin_access_control', () => true)}.id}`,
    );
    const distribution = addressOf(acme, 'aws_cloudfront_distribution', () => true);
    const read = dataSources(acme, 'aws_iam_policy_document')
      .flatMap((d) => d.statement)
      .find((s: any) => s.sid === 'CloudFrontReadsAssets');
    expect(read.condition[0].values).toEqual([`\${${distribution}.arn}`]);
    const records = resources(acme, 'aws_route53_record');
    expect(records.map((r) => r.type).sort()).toEqual(['A', 'AAAA']);
    for (const r of records)
      expect(r.alias).toEqual({
        name: `\${${distribution}.domain_name}`,
        zone_id: `\${${distribution}.hosted_zone_id}`,
        evaluate_target_health: false,
      });
  });

  it("WHEN alarms are built THEN each metric has a warning and a critical alarm, each notifying its level's topic, which mails the alert addresses", () => {
    const topics = Object.fromEntries(
      Object.entries<any>(acme.resource.aws_sns_topic).map(([id, t]) => [t.name, `\${aws_sns_topic.${id}.arn}`]),
    );
    const critical = topics['saas-prod-acme-alerts'];
    const warning = topics['saas-prod-acme-alerts-warning'];
    const mailed = (topic: string) =>
      resources(acme, 'aws_sns_topic_subscription')
        .filter((s) => s.topic_arn === topic)
        .map((s) => [s.protocol, s.endpoint]);
    for (const topic of [critical, warning])
      expect(mailed(topic)).toEqual([
        ['email', 'ops@example.com'],
        ['email', 'it@acme.example.com'],
      ]);
    const alarms = resources(acme, 'aws_cloudwatch_metric_alarm');
    for (const a of alarms) expect(a.alarm_actions, a.alarm_name).toEqual([a.alarm_name.endsWith('-critical') ? critical : warning]);
    const both = (metric: string) => [`${metric}-warning`, `${metric}-critical`];
    expect(alarms.map((a) => a.alarm_name.replace('saas-prod-acme-', '')).sort()).toEqual(
      [
        ...['api', 'frontend'].flatMap((s) => [...both(`${s}-5xx-rate`), ...both(`${s}-latency-p95`), `${s}-unhealthy-hosts-critical`]),
        ...['api', 'frontend', 'worker'].flatMap((s) => [...both(`${s}-cpu`), ...both(`${s}-memory`)]),
        ...both('database-cpu'),
        ...both('database-free-storage'),
        ...both('database-connections'),
        ...['cache-1', 'cache-2'].flatMap((n) => [...both(`${n}-cpu`), ...both(`${n}-memory`)]),
      ].sort(),
    );
    // db.t4g.small: 2 GiB → max_connections ≈ 225, warning at 80 %; 20 % of 50 GiB allocated storage left.
    expect(alarms.find((a) => a.alarm_name.endsWith('database-connections-warning')).threshold).toBe(180);
    expect(alarms.find((a) => a.alarm_name.endsWith('database-free-storage-warning'))).toMatchObject({
      comparison_operator: 'LessThanThreshold',
      threshold: 10 * 2 ** 30,
    });
    const rate = alarms.find((a) => a.alarm_name.endsWith('api-5xx-rate-critical'));
    expect(rate.metric_query.find((q: any) => q.return_data).expression).toBe('100 * FILL(errors, 0) / requests');
    expect(rate.metric_query.find((q: any) => q.id === 'errors').metric.period).toBe(60);
  });

  it('WHEN the budget is built THEN it filters cost by the Customer tag and warns at 80% actual and 100% forecast', () => {
    expect(resources(acme, 'aws_budgets_budget')).toEqual([
      expect.objectContaining({
        budget_type: 'COST',
        time_unit: 'MONTHLY',
        limit_amount: '600.00',
        limit_unit: 'USD',
        cost_filter: [{ name: 'TagKeyValue', values: ['user:Customer$acme'] }],
        notification: [
          expect.objectContaining({
            threshold: 80,
            notification_type: 'ACTUAL',
            subscriber_email_addresses: ['ops@example.com', 'it@acme.example.com'],
          }),
          expect.objectContaining({ threshold: 100, notification_type: 'FORECASTED' }),
        ],
      }),
    ]);
  });

  it('WHEN synthesized THEN the provider tags everything with customer, tier, environment, manager, platform and customer tags', () => {
    expect(acme.provider.aws[0].default_tags[0].tags).toMatchObject({
      Customer: 'acme',
      Tier: 'medium',
      Environment: 'prod',
      ManagedBy: 'tenant-workspaces',
      Owner: 'platform-team',
      CostCenter: 'cc-100',
    });
  });

  it('WHEN synthesized THEN the workspace outputs its URL, service names, database, bucket and alerts topic, each described', () => {
    expect(Object.keys(acme.output).sort()).toEqual([
      'alerts_topic_arn',
      'cache_endpoint',
      'cdn_domain_name',
      'database_endpoint',
      'database_secret_arn',
      'ecs_cluster_name',
      'service_names',
      'uploads_bucket_name',
      'url',
    ]);
    expect(acme.output.url.value).toBe('https://acme.example.com');
    expect(Object.values<any>(acme.output).every((o) => o.description.length > 10)).toBe(true);
  });
});

describe('GIVEN a customer without database, cache or uploads, with an outside image and odd environment text', () => {
  it('WHEN synthesized THEN the image is used as written', () => {
    expect(container(custom, 'api').image).toBe('public.ecr.aws/nginx/nginx:1.27');
  });

  it('WHEN synthesized THEN Terraform template characters in the environment are escaped and reach the container as typed', () => {
    expect(container(custom, 'api').environment).toContainEqual({ name: 'GREETING', value: 'say "hi" to $${USER} at 100%%{x}' });
  });

  it('WHEN synthesized THEN the application gets no IAM role, and no data store, bucket or connection setting exists', () => {
    expect(resources(custom, 'aws_ecs_task_definition').every((t) => t.task_role_arn === undefined)).toBe(true);
    expect(resources(custom, 'aws_iam_role').map((r) => r.name)).toEqual(['saas-prod-custom-execution']);
    for (const type of ['aws_db_instance', 'aws_elasticache_replication_group', 'aws_s3_bucket'])
      expect(resources(custom, type), type).toEqual([]);
    expect(
      container(custom, 'api')
        .environment.map((e: any) => e.name)
        .sort(),
    ).toEqual(['APP_URL', 'GREETING', 'NODE_ENV', 'PORT']);
    expect(container(custom, 'api').secrets).toEqual([]);
  });
});

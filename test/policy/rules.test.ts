import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateWorkspace } from '../../modules/policy/evaluate';
import { RULES } from '../../modules/policy/rules';
import type { WorkspaceKind } from '../../modules/policy/types';
import { buildModel } from '../../generator/model';
import { runPolicy } from '../../generator/policy';
import { renderRulesTable } from '../../generator/commands/policy';
import { REPO_ROOT } from '../helpers/repo';

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

interface BadInput {
  /** The resource the rule must flag. */
  readonly address: string;
  readonly resource: Blocks;
  readonly data?: Blocks;
  readonly kind?: WorkspaceKind;
}

const NAMING = { appName: 'saas', environment: 'prod' };
const CUSTOMERS = ['acme', 'globex'];
const doc = (...statement: Record<string, unknown>[]): Blocks => ({ aws_iam_policy_document: { d: { statement } } });
const policyRef = '${data.aws_iam_policy_document.d.json}';
const bucket = { aws_s3_bucket: { b: { bucket: 'x' } } };
const ref = (address: string, attr = 'id'): string => `\${${address}.${attr}}`;
const task = (container: Record<string, unknown>, body: Record<string, unknown> = {}): Blocks => ({
  aws_ecs_task_definition: {
    t: {
      network_mode: 'awsvpc',
      container_definitions: JSON.stringify([
        { name: 'api', logConfiguration: { logDriver: 'awslogs' }, readonlyRootFilesystem: true, ...container },
      ]),
      ...body,
    },
  },
});
const db = (body: Record<string, unknown>): Blocks => ({ aws_db_instance: { db: { identifier: 'saas-prod-acme', ...body } } });
const redis = (body: Record<string, unknown>): Blocks => ({ aws_elasticache_replication_group: { r: { ...body } } });
const cdn = (body: Record<string, unknown>): Blocks => ({ aws_cloudfront_distribution: { c: { ...body } } });

/** A minimal resource that each rule must flag; every rule of the pack has one. */
const BAD: Record<string, BadInput> = {
  'TW-IAM-007': {
    address: 'aws_iam_role.r',
    resource: { aws_iam_role: { r: { assume_role_policy: policyRef } } },
    data: doc({
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: ['arn:aws:iam::1:oidc-provider/token.actions.githubusercontent.com'] }],
      condition: [{ test: 'StringLike', variable: 'token.actions.githubusercontent.com:sub', values: ['repo:*'] }],
    }),
  },
  'TW-IAM-008': {
    address: 'aws_iam_role.r',
    resource: {
      aws_iam_role: { r: { assume_role_policy: policyRef } },
      aws_iam_role_policy_attachment: { a: { role: ref('aws_iam_role.r', 'name'), policy_arn: 'arn:aws:iam::aws:policy/PowerUserAccess' } },
    },
    data: doc({
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: ['x'] }],
      condition: [{ test: 'StringEquals', variable: 'token.actions.githubusercontent.com:sub', values: ['repo:o/r:pull_request'] }],
    }),
  },
  'TW-S3-001': {
    address: 'aws_s3_bucket.b',
    resource: { ...bucket, aws_s3_bucket_public_access_block: { p: { bucket: ref('aws_s3_bucket.b'), block_public_acls: true } } },
  },
  'TW-S3-002': { address: 'aws_s3_bucket.b', resource: bucket },
  'TW-S3-004': {
    address: 'aws_s3_bucket.b',
    resource: {
      ...bucket,
      aws_s3_bucket_versioning: { v: { bucket: ref('aws_s3_bucket.b'), versioning_configuration: { status: 'Suspended' } } },
    },
  },
  'TW-S3-005': {
    address: 'aws_s3_bucket.b',
    resource: { ...bucket, aws_s3_bucket_policy: { p: { bucket: ref('aws_s3_bucket.b'), policy: policyRef } } },
    data: doc({
      actions: ['s3:GetObject'],
      principals: [{ type: 'Service', identifiers: ['cloudfront.amazonaws.com'] }],
      resources: ['x'],
    }),
  },
  'TW-S3-008': {
    address: 'aws_s3_bucket_lifecycle_configuration.l',
    resource: { aws_s3_bucket_lifecycle_configuration: { l: { rule: [{ status: 'Enabled', expiration: [{ days: 1 }] }] } } },
  },
  'TW-S3-010': {
    address: 'aws_s3_bucket.b',
    resource: {
      ...bucket,
      aws_s3_bucket_ownership_controls: { o: { bucket: ref('aws_s3_bucket.b'), rule: { object_ownership: 'ObjectWriter' } } },
    },
  },
  'TW-S3-011': {
    address: 'aws_s3_bucket_policy.p',
    resource: { aws_s3_bucket_policy: { p: { bucket: 'x', policy: policyRef } } },
    data: doc({ sid: 'Open', actions: ['s3:GetObject'], principals: [{ type: 'AWS', identifiers: ['*'] }], resources: ['x'] }),
  },
  'TW-S3-012': { address: 'aws_s3_bucket.b', resource: { aws_s3_bucket: { b: { force_destroy: true } } } },
  'TW-RDS-001': { address: 'aws_db_instance.db', resource: db({ storage_encrypted: false }) },
  'TW-RDS-002': { address: 'aws_db_instance.db', resource: db({ publicly_accessible: true }) },
  'TW-RDS-003': { address: 'aws_db_instance.db', resource: db({ deletion_protection: false }) },
  'TW-RDS-004': { address: 'aws_db_instance.db', resource: db({ backup_retention_period: 1 }) },
  'TW-RDS-005': { address: 'aws_db_instance.db', resource: db({ multi_az: false }) },
  'TW-RDS-006': { address: 'aws_db_instance.db', resource: db({ enabled_cloudwatch_logs_exports: ['upgrade'] }) },
  'TW-RDS-007': { address: 'aws_db_instance.db', resource: db({ auto_minor_version_upgrade: false }) },
  'TW-RDS-008': { address: 'aws_db_instance.db', resource: db({}) },
  'TW-RDS-009': { address: 'aws_db_instance.db', resource: db({ performance_insights_enabled: false }) },
  'TW-RDS-010': { address: 'aws_db_instance.db', resource: db({ performance_insights_enabled: true }) },
  'TW-RDS-011': {
    address: 'aws_db_instance.db',
    resource: {
      ...db({ parameter_group_name: ref('aws_db_parameter_group.pg', 'name') }),
      aws_db_parameter_group: { pg: { parameter: [{ name: 'rds.force_ssl', value: '0' }] } },
    },
  },
  'TW-RDS-012': { address: 'aws_db_instance.db', resource: db({ password: 'hunter2hunter2' }) },
  'TW-RDS-013': { address: 'aws_db_instance.db', resource: db({ skip_final_snapshot: true }) },
  'TW-REDIS-001': { address: 'aws_elasticache_replication_group.r', resource: redis({ at_rest_encryption_enabled: 'false' }) },
  'TW-REDIS-002': {
    address: 'aws_elasticache_replication_group.r',
    resource: redis({ transit_encryption_enabled: true, transit_encryption_mode: 'preferred' }),
  },
  'TW-REDIS-003': {
    address: 'aws_elasticache_replication_group.r',
    resource: {
      ...redis({ user_group_ids: [ref('aws_elasticache_user_group.g', 'user_group_id')] }),
      aws_elasticache_user_group: { g: { user_ids: [ref('aws_elasticache_user.d', 'user_id')] } },
      aws_elasticache_user: { d: { user_name: 'default', access_string: 'on ~* +@all' } },
    },
  },
  'TW-REDIS-004': {
    address: 'aws_elasticache_replication_group.r',
    resource: redis({ automatic_failover_enabled: false, num_cache_clusters: 1 }),
  },
  'TW-REDIS-005': { address: 'aws_elasticache_replication_group.r', resource: redis({ snapshot_retention_limit: 0 }) },
  'TW-REDIS-006': { address: 'aws_elasticache_replication_group.r', resource: redis({}) },
  'TW-ECS-001': { address: 'aws_ecs_task_definition.t', resource: task({ privileged: true }) },
  'TW-ECS-002': { address: 'aws_ecs_task_definition.t', resource: task({ readonlyRootFilesystem: false }) },
  'TW-ECS-003': { address: 'aws_ecs_task_definition.t', resource: task({ environment: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }) },
  'TW-ECS-004': { address: 'aws_ecs_task_definition.t', resource: task({ logConfiguration: undefined }) },
  'TW-ECS-005': { address: 'aws_ecs_task_definition.t', resource: task({}, { network_mode: 'bridge' }) },
  'TW-ECS-006': { address: 'aws_ecs_task_definition.t', resource: task({}, { pid_mode: 'host' }) },
  'TW-ECS-007': { address: 'aws_ecs_task_definition.t', resource: task({}, { task_role_arn: 'r', execution_role_arn: 'r' }) },
  'TW-ECS-010': {
    address: 'aws_ecs_service.s',
    resource: { aws_ecs_service: { s: { network_configuration: { assign_public_ip: true } } } },
  },
  'TW-ECS-011': {
    address: 'aws_ecs_service.s',
    resource: { aws_ecs_service: { s: { deployment_circuit_breaker: { enable: true, rollback: false } } } },
  },
  'TW-ECS-012': {
    address: 'aws_ecs_service.s',
    resource: { aws_ecs_service: { s: { launch_type: 'FARGATE', platform_version: '1.3.0' } } },
  },
  'TW-ECS-013': { address: 'aws_ecs_service.s', resource: { aws_ecs_service: { s: { enable_execute_command: true } } } },
  'TW-ECS-014': {
    address: 'aws_ecs_cluster.c',
    resource: { aws_ecs_cluster: { c: { setting: [{ name: 'containerInsights', value: 'disabled' }] } } },
  },
  'TW-ECR-001': {
    address: 'aws_ecr_repository.e',
    resource: { aws_ecr_repository: { e: { image_scanning_configuration: { scan_on_push: false } } } },
  },
  'TW-ECR-003': {
    address: 'aws_ecr_repository.e',
    resource: { aws_ecr_repository: { e: { encryption_configuration: [{ encryption_type: 'AES256' }] } } },
  },
  'TW-ECR-004': { address: 'aws_ecr_repository.e', resource: { aws_ecr_repository: { e: {} } } },
  'TW-LB-001': {
    address: 'aws_lb.l',
    resource: { aws_lb: { l: { load_balancer_type: 'application', drop_invalid_header_fields: false } } },
  },
  'TW-LB-002': { address: 'aws_lb.l', resource: { aws_lb: { l: {} } } },
  'TW-LB-003': { address: 'aws_lb.l', resource: { aws_lb: { l: { access_logs: { enabled: false, bucket: 'x' } } } } },
  'TW-LB-004': {
    address: 'aws_lb_listener.l',
    resource: { aws_lb_listener: { l: { protocol: 'HTTPS', ssl_policy: 'ELBSecurityPolicy-2016-08' } } },
  },
  'TW-LB-005': {
    address: 'aws_lb_listener.l',
    resource: { aws_lb_listener: { l: { protocol: 'HTTP', default_action: [{ type: 'forward', target_group_arn: 'x' }] } } },
  },
  'TW-LB-006': { address: 'aws_lb.l', resource: { aws_lb: { l: { desync_mitigation_mode: 'monitor' } } } },
  'TW-LB-007': { address: 'aws_lb_target_group.g', resource: { aws_lb_target_group: { g: { protocol: 'HTTP' } } } },
  'TW-LB-008': { address: 'aws_lb_target_group.g', resource: { aws_lb_target_group: { g: { health_check: { enabled: false } } } } },
  'TW-CDN-001': {
    address: 'aws_cloudfront_distribution.c',
    resource: cdn({ default_cache_behavior: { viewer_protocol_policy: 'allow-all' } }),
  },
  'TW-CDN-002': {
    address: 'aws_cloudfront_distribution.c',
    resource: cdn({ viewer_certificate: { acm_certificate_arn: 'x', minimum_protocol_version: 'TLSv1' } }),
  },
  'TW-CDN-003': {
    address: 'aws_cloudfront_distribution.c',
    resource: cdn({
      origin: [{ origin_id: 'alb', custom_origin_config: { origin_protocol_policy: 'match-viewer', origin_ssl_protocols: ['TLSv1.2'] } }],
    }),
  },
  'TW-CDN-004': {
    address: 'aws_cloudfront_distribution.c',
    resource: cdn({ origin: [{ origin_id: 'assets', domain_name: 'b.s3.amazonaws.com' }] }),
  },
  'TW-CDN-005': { address: 'aws_cloudfront_distribution.c', resource: cdn({}) },
  'TW-CDN-007': {
    address: 'aws_cloudfront_distribution.c',
    resource: cdn({ viewer_certificate: { cloudfront_default_certificate: true } }),
  },
  'TW-SG-001': {
    address: 'aws_vpc_security_group_ingress_rule.i',
    resource: {
      aws_security_group: { g: { description: 'database' } },
      aws_vpc_security_group_ingress_rule: {
        i: { security_group_id: ref('aws_security_group.g'), cidr_ipv4: '0.0.0.0/0', ip_protocol: 'tcp', from_port: 5432, to_port: 5432 },
      },
    },
  },
  'TW-SG-002': {
    address: 'aws_vpc_security_group_egress_rule.e',
    resource: { aws_vpc_security_group_egress_rule: { e: { cidr_ipv4: '0.0.0.0/0', ip_protocol: '-1', description: 'all' } } },
  },
  'TW-SG-003': { address: 'aws_security_group.g', resource: { aws_security_group: { g: { name: 'x' } } } },
  'TW-SG-004': {
    address: 'aws_vpc.v',
    resource: { aws_vpc: { v: {} }, aws_default_security_group: { d: { vpc_id: ref('aws_vpc.v'), ingress: [{ self: true }] } } },
  },
  'TW-IAM-001': {
    address: 'aws_iam_role_policy.p',
    resource: { aws_iam_role_policy: { p: { policy: policyRef } } },
    data: doc({ actions: ['s3:*'], resources: ['arn:aws:s3:::saas-prod-acme-uploads-1/*'] }),
  },
  'TW-IAM-002': {
    address: 'aws_iam_role_policy.p',
    resource: { aws_iam_role_policy: { p: { policy: policyRef } } },
    data: doc({ actions: ['s3:PutObject'], resources: ['*'] }),
  },
  'TW-IAM-003': {
    address: 'aws_iam_role_policy.p',
    resource: { aws_iam_role_policy: { p: { policy: policyRef } } },
    data: doc({ actions: ['iam:PassRole'], resources: ['arn:aws:iam::1:role/x'] }),
  },
  'TW-IAM-004': {
    address: 'aws_iam_role.r',
    resource: { aws_iam_role: { r: { assume_role_policy: policyRef } } },
    data: doc({ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['ecs-tasks.amazonaws.com'] }] }),
  },
  'TW-KMS-001': { address: 'aws_kms_key.k', resource: { aws_kms_key: { k: { enable_key_rotation: false } } } },
  'TW-KMS-002': { address: 'aws_kms_key.k', resource: { aws_kms_key: { k: { enable_key_rotation: true } } } },
  'TW-KMS-003': { address: 'aws_kms_key.k', resource: { aws_kms_key: { k: { deletion_window_in_days: 7 } } } },
  'TW-SNS-001': { address: 'aws_sns_topic.t', resource: { aws_sns_topic: { t: { name: 'x' } } } },
  'TW-LOG-001': { address: 'aws_cloudwatch_log_group.l', resource: { aws_cloudwatch_log_group: { l: { name: '/ecs/acme-api' } } } },
  'TW-LOG-002': {
    address: 'aws_cloudwatch_log_group.l',
    resource: { aws_cloudwatch_log_group: { l: { name: '/ecs/acme-api', retention_in_days: 30 } } },
  },
  'TW-DDB-001': {
    address: 'aws_dynamodb_table.t',
    resource: { aws_dynamodb_table: { t: { point_in_time_recovery: { enabled: false } } } },
  },
  'TW-DDB-002': { address: 'aws_dynamodb_table.t', resource: { aws_dynamodb_table: { t: { server_side_encryption: { enabled: true } } } } },
  'TW-DDB-003': { address: 'aws_dynamodb_table.t', resource: { aws_dynamodb_table: { t: {} } } },
  'TW-VPC-001': {
    address: 'aws_vpc.v',
    resource: { aws_vpc: { v: {} }, aws_flow_log: { f: { vpc_id: ref('aws_vpc.v'), traffic_type: 'REJECT' } } },
  },
  'TW-VPC-002': { address: 'aws_subnet.s', resource: { aws_subnet: { s: { map_public_ip_on_launch: true } } } },
  'TW-ACM-001': { address: 'aws_acm_certificate.c', resource: { aws_acm_certificate: { c: { validation_method: 'EMAIL' } } } },
  'TW-ACM-002': { address: 'aws_acm_certificate.c', resource: { aws_acm_certificate: { c: { validation_method: 'DNS' } } } },
  'TW-TEN-001': {
    address: 'aws_iam_role_policy.p',
    resource: { aws_iam_role_policy: { p: { policy: policyRef } } },
    data: doc({
      actions: ['secretsmanager:GetSecretValue'],
      resources: ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:saas/prod/*'],
    }),
  },
  'TW-TEN-002': {
    address: 'aws_vpc_security_group_ingress_rule.i',
    resource: {
      aws_vpc_security_group_ingress_rule: {
        i: { description: 'from globex', referenced_security_group_id: 'sg-0123456789abcdef0', from_port: 5432, to_port: 5432 },
      },
    },
  },
  'TW-TEN-003': {
    address: 'aws_kms_key.k',
    resource: { aws_kms_key: { k: { policy: policyRef } } },
    data: doc({
      actions: ['kms:Decrypt'],
      principals: [{ type: 'AWS', identifiers: ['arn:aws:iam::123456789012:role/saas-prod-globex-task'] }],
      resources: ['*'],
    }),
  },
  'TW-TEN-004': {
    address: 'aws_ecs_task_definition.t',
    resource: task({
      secrets: [{ name: 'JWT_SECRET', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:saas/prod/globex/jwt-QwErTy' }],
    }),
  },
  'TW-TEN-005': {
    address: 'data.terraform_remote_state.s',
    resource: {},
    data: { terraform_remote_state: { s: { backend: 's3', config: { key: 'customers/globex/terraform.tfstate' } } } },
  },
};

function run(input: BadInput) {
  return evaluateWorkspace(
    { resource: input.resource, data: input.data ?? {} },
    { workspace: 'customer-acme', kind: input.kind ?? 'customer', customer: 'acme', customers: CUSTOMERS, naming: NAMING },
  );
}

describe('policy rules', () => {
  it('has at least 45 rules with unique ids, each with a fix and a description', () => {
    expect(RULES.length).toBeGreaterThanOrEqual(45);
    expect(new Set(RULES.map((r) => r.id)).size).toBe(RULES.length);
    for (const r of RULES) {
      expect(r.id).toMatch(/^TW-[A-Z0-9]+-\d{3}$/);
      expect(r.description.length).toBeGreaterThan(10);
      expect(r.fix.length).toBeGreaterThan(10);
      if (r.checkov) expect(r.checkov).toMatch(/^CKV2?_AWS_\d+$/);
    }
  });

  it('tenant-isolation rules (TW-TEN-*) and only they cannot be waived', () => {
    expect(RULES.filter((r) => !r.waivable).map((r) => r.id)).toEqual(RULES.filter((r) => r.id.startsWith('TW-TEN-')).map((r) => r.id));
  });

  it('the README lists every rule with its Checkov id and severity (npm run policy -- --rules)', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    const table = readme
      .slice(readme.indexOf('\n', readme.indexOf('<!-- policy-rules:start')) + 1, readme.indexOf('<!-- policy-rules:end -->'))
      .trim();
    expect(table).toBe(renderRulesTable());
  });

  it('every rule has a deliberately bad input below', () => {
    expect(Object.keys(BAD).sort()).toEqual(RULES.map((r) => r.id).sort());
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s fires on its bad input', (id) => {
    const findings = run(BAD[id]).filter((f) => f.rule.id === id);
    expect(findings.map((f) => f.resource.address)).toContain(BAD[id].address);
    expect(findings[0].finding.length).toBeGreaterThan(5);
  });

  it('stays silent on the example workspaces once the config waivers apply', () => {
    const model = buildModel(REPO_ROOT);
    const workspaces = Object.entries(
      JSON.parse(readFileSync(join(REPO_ROOT, 'generated', 'workspaces.json'), 'utf8')).workspaces as Record<
        string,
        { kind: WorkspaceKind; customer?: string }
      >,
    ).map(([workspace, entry]) => ({
      workspace,
      kind: entry.kind,
      customer: entry.customer,
      stack: JSON.parse(readFileSync(join(REPO_ROOT, 'generated', 'stacks', workspace, 'cdk.tf.json'), 'utf8')),
    }));
    const report = runPolicy(model, workspaces);
    expect(report.unwaived.map((f) => `${f.workspace} ${f.rule.id} ${f.resource.path}`)).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(report.findings.length).toBeGreaterThan(0);
  });
});

describe('container definitions', () => {
  it('are read even when an interpolation quotes a map key (ecr_repository_urls["backend-api"])', () => {
    const definitions = `[{"name":"api","image":"\${data.terraform_remote_state.p.outputs.ecr_repository_urls["backend-api"]}:1.0.0","privileged":true}]`;
    const findings = evaluateWorkspace(
      { resource: { aws_ecs_task_definition: { t: { network_mode: 'awsvpc', container_definitions: definitions } } } },
      { workspace: 'customer-acme', kind: 'customer', customer: 'acme', customers: CUSTOMERS, naming: NAMING },
    );
    expect(findings.find((f) => f.rule.id === 'TW-ECS-001')?.finding).toBe('container(s) api run privileged');
  });

  it('that cannot be read are a finding, never a pass', () => {
    const findings = run({
      address: 'aws_ecs_task_definition.t',
      resource: { aws_ecs_task_definition: { t: { container_definitions: '[{"name":' } } },
    });
    expect(findings.filter((f) => f.rule.id === 'TW-TEN-004').map((f) => f.finding)).toEqual([
      'the container definitions could not be read, so they cannot be shown to comply',
    ]);
  });
});

describe('wildcard resources', () => {
  const loose = (statement: Record<string, unknown>) =>
    run({ address: 'aws_iam_role_policy.p', resource: { aws_iam_role_policy: { p: { policy: policyRef } } }, data: doc(statement) }).filter(
      (f) => f.rule.id === 'TW-IAM-002',
    );

  it('accept "*" narrowed by a condition, and actions AWS grants only on "*"', () => {
    expect(
      loose({
        actions: ['kms:Decrypt'],
        resources: ['*'],
        condition: [{ test: 'ForAnyValue:StringEquals', variable: 'kms:ResourceAliases', values: ['alias/saas-prod-terraform-state'] }],
      }),
    ).toEqual([]);
    expect(loose({ actions: ['ecr:GetAuthorizationToken', 'secretsmanager:GetRandomPassword'], resources: ['*'] })).toEqual([]);
  });

  it('flag reading secrets on "*" without one', () => {
    expect(loose({ actions: ['secretsmanager:GetSecretValue'], resources: ['*'] })[0]?.finding).toBe(
      'secretsmanager:GetSecretValue on resource "*"',
    );
  });
});

describe('GitHub OIDC roles', () => {
  const trust = (sub: string[]) =>
    doc({
      actions: ['sts:AssumeRoleWithWebIdentity'],
      principals: [{ type: 'Federated', identifiers: [ref('aws_iam_openid_connect_provider.gh', 'arn')] }],
      condition: [
        { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:aud', values: ['sts.amazonaws.com'] },
        { test: 'StringEquals', variable: 'token.actions.githubusercontent.com:sub', values: sub },
      ],
    });
  const ids = (sub: string[], attach: string) =>
    run({
      address: 'aws_iam_role.r',
      resource: {
        aws_iam_openid_connect_provider: { gh: { url: 'https://token.actions.githubusercontent.com' } },
        aws_iam_role: { r: { assume_role_policy: policyRef } },
        aws_iam_role_policy_attachment: { a: { role: ref('aws_iam_role.r', 'name'), policy_arn: `arn:aws:iam::aws:policy/${attach}` } },
      },
      data: trust(sub),
    })
      .filter((f) => f.resource.address === 'aws_iam_role.r')
      .map((f) => f.rule.id);

  it('pass when the plan role trusts one repository and only reads', () => {
    expect(
      ids(['repo:example/tenant-workspaces:pull_request', 'repo:example/tenant-workspaces:ref:refs/heads/main'], 'ReadOnlyAccess'),
    ).toEqual([]);
  });

  it('fail when pull requests get a role that can write, or any repository can assume it', () => {
    expect(ids(['repo:example/tenant-workspaces:pull_request'], 'PowerUserAccess')).toEqual(['TW-IAM-008']);
    expect(ids(['repo:*/tenant-workspaces:pull_request'], 'ReadOnlyAccess')).toEqual(['TW-IAM-007']);
  });
});

describe('decommissioning', () => {
  it('lets a customer marked decommission: true drop deletion protection, and only that', () => {
    const stack = { resource: { ...db({ deletion_protection: false }), aws_lb: { l: { enable_deletion_protection: false } } } };
    const info = { workspace: 'customer-acme', kind: 'customer' as const, customer: 'acme', customers: CUSTOMERS, naming: NAMING };
    const ids = (decommissioning: boolean) => evaluateWorkspace(stack, { ...info, decommissioning }).map((f) => f.rule.id);
    expect(ids(false)).toEqual(expect.arrayContaining(['TW-RDS-003', 'TW-LB-002']));
    expect(ids(true)).not.toContain('TW-RDS-003');
    expect(ids(true)).not.toContain('TW-LB-002');
  });
});

describe('tenant isolation', () => {
  const iam = (resources: string[]) =>
    run({
      address: 'aws_iam_role_policy.p',
      resource: { aws_iam_role_policy: { p: { policy: policyRef } } },
      data: doc({ actions: ['s3:GetObject'], resources }),
    }).filter((f) => f.rule.id === 'TW-TEN-001');

  it("accepts the customer's own names and platform-wide images", () => {
    expect(
      iam([
        'arn:aws:s3:::saas-prod-acme-uploads-123456789012/*',
        'arn:aws:logs:eu-west-1:1:log-group:/ecs/acme-api:*',
        'arn:aws:ecr:eu-west-1:1:repository/saas-prod/*',
      ]),
    ).toEqual([]);
  });

  it.each([
    ['a literal name', 'arn:aws:s3:::saas-prod-globex-uploads-123456789012/*', 'globex'],
    ['a wildcard over the log groups', 'arn:aws:logs:eu-west-1:1:log-group:/ecs/*', 'globex'],
    ['a wildcard over the name prefix', 'arn:aws:iam::1:role/saas-prod-*', 'globex'],
  ])('flags %s', (_, resource, other) => {
    const found = iam([resource]);
    expect(found).toHaveLength(1);
    expect(found[0].finding).toContain(other);
  });

  it('tells overlapping names apart: acme-eu is not acme', () => {
    const findings = evaluateWorkspace(
      {
        resource: { aws_iam_role_policy: { p: { policy: policyRef } } },
        data: doc({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::saas-prod-acme-eu-uploads-1/*'] }),
      },
      { workspace: 'customer-acme-eu', kind: 'customer', customer: 'acme-eu', customers: ['acme', 'acme-eu'], naming: NAMING },
    );
    expect(findings.filter((f) => f.rule.id === 'TW-TEN-001')).toEqual([]);
    const fromAcme = evaluateWorkspace(
      {
        resource: { aws_iam_role_policy: { p: { policy: policyRef } } },
        data: doc({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::saas-prod-acme*'] }),
      },
      { workspace: 'customer-acme', kind: 'customer', customer: 'acme', customers: ['acme', 'acme-eu'], naming: NAMING },
    );
    expect(fromAcme.filter((f) => f.rule.id === 'TW-TEN-001')[0]?.finding).toContain('acme-eu');
  });
});

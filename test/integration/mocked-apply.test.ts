import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePlatformOutputs } from '../../generator/local/rehearsal';
import { addressList, type Assertion, lifecycleOverride, mockApplyTest, onlyAddress } from '../helpers/mock-apply';
import { TempRepo } from '../helpers/repo';
import { addSeedExamples } from '../customer/examples';
import { mapLimit, terraform } from '../helpers/terraform';

/**
 * `terraform test` with mock_provider "aws": Terraform applies the whole generated
 * workspace (every resource, every expression, every provider-side validation) against a
 * mocked AWS and checks planned values that matter per tier.
 */
type Synth = Record<string, any>;

const hostHeaders = (rule: string): string => `flatten([for c in ${rule}.condition : [for h in c.host_header : tolist(h.values)]])`;
const isReplica = (b: any): boolean => Boolean(b.replicate_source_db);
const isPrimary = (b: any): boolean => !b.replicate_source_db;

const CASES: Record<string, (s: Synth) => Assertion[]> = {
  bootstrap: (s) => [
    {
      condition: `alltrue([for r in ${addressList(s, 'aws_s3_bucket_server_side_encryption_configuration')} : contains([for x in r.rule : x.apply_server_side_encryption_by_default[0].sse_algorithm], "aws:kms") || contains([for x in r.rule : x.apply_server_side_encryption_by_default[0].sse_algorithm], "AES256")])`,
      message: 'both buckets encrypted',
    },
    {
      condition: `length([for r in ${addressList(s, 'aws_s3_bucket_server_side_encryption_configuration')} : r if contains([for x in r.rule : x.apply_server_side_encryption_by_default[0].sse_algorithm], "aws:kms")]) == 1`,
      message: 'the state bucket is SSE-KMS',
    },
    { condition: `${onlyAddress(s, 'aws_kms_key')}.enable_key_rotation == true`, message: 'state key rotates' },
    { condition: `${onlyAddress(s, 'aws_kms_alias')}.name == "alias/saas-prod-terraform-state"`, message: 'state key alias' },
    { condition: `length(${addressList(s, 'aws_s3_bucket_logging')}) == 1`, message: 'state bucket access logging' },
    {
      condition: `${onlyAddress(s, 'aws_iam_openid_connect_provider')}.url == "https://token.actions.githubusercontent.com"`,
      message: 'GitHub OIDC provider',
    },
    {
      condition: `contains([for a in ${addressList(s, 'aws_iam_role_policy_attachment')} : a.policy_arn], "arn:aws:iam::aws:policy/ReadOnlyAccess")`,
      message: 'plan role is read-only',
    },
  ],
  platform: (s) => [
    { condition: `${onlyAddress(s, 'aws_vpc')}.cidr_block == "10.20.0.0/16"`, message: 'VPC CIDR from _platform.json' },
    {
      condition: `alltrue([for v in ${addressList(s, 'aws_subnet', (b) => !/public/.test(b['//'].metadata.path))} : v.map_public_ip_on_launch == false])`,
      message: 'private and database subnets give no public IPs',
    },
    {
      condition: `length(toset([for v in ${addressList(s, 'aws_subnet')} : v.availability_zone])) == 2`,
      message: 'subnets spread over azCount AZs',
    },
    { condition: `${onlyAddress(s, 'aws_lb')}.enable_deletion_protection == true`, message: 'ALB deletion protection' },
    { condition: `${onlyAddress(s, 'aws_lb')}.drop_invalid_header_fields == true`, message: 'ALB drops invalid headers' },
    {
      condition: `${onlyAddress(s, 'aws_lb_listener', (b) => b.port === 80)}.default_action[0].redirect[0].protocol == "HTTPS"`,
      message: 'HTTP redirects to HTTPS',
    },
    {
      condition: `${onlyAddress(s, 'aws_lb_listener', (b) => b.port === 443)}.default_action[0].fixed_response[0].status_code == "404"`,
      message: 'HTTPS default is a fixed 404',
    },
    {
      condition: `alltrue([for t in ${addressList(s, 'aws_ce_cost_allocation_tag')} : t.status == "Active"]) && toset(output.cost_allocation_tags) == toset(["App", "CostCenter", "Customer", "Environment", "Owner", "Tier"])`,
      message: 'Customer, Tier and the platform cost tags are activated, and the output lists them',
    },
    {
      condition: `${onlyAddress(s, 'aws_ecs_cluster')}.configuration[0].execute_command_configuration[0].log_configuration[0].cloud_watch_encryption_enabled == true`,
      message: 'the shared cluster logs ECS Exec sessions encrypted',
    },
  ],
  'customer-customer1': (s) => [
    { condition: `${onlyAddress(s, 'aws_db_instance')}.multi_az == false`, message: 'small: single-AZ database' },
    { condition: `${onlyAddress(s, 'aws_db_instance')}.deletion_protection == true`, message: 'database deletion protection' },
    { condition: `${onlyAddress(s, 'aws_db_instance')}.storage_encrypted == true`, message: 'database storage encrypted' },
    { condition: `${onlyAddress(s, 'aws_elasticache_replication_group')}.num_cache_clusters == 1`, message: 'small: one cache node' },
    {
      condition: `alltrue([for r in ${addressList(s, 'aws_lb_listener_rule')} : ${hostHeaders('r')} == ["customer1.example.com"]])`,
      message: 'listener rules match the customer domain only',
    },
    {
      condition: `alltrue([for r in ${addressList(s, 'aws_lb_listener_rule')} : r.listener_arn == "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/saas-prod-alb-0/50dc6c495c0c9188/f2f7dc8efc522ab0"])`,
      message: "rules sit on the allocated shard's HTTPS listener",
    },
    {
      condition: `one([for f in ${onlyAddress(s, 'aws_budgets_budget')}.cost_filter : f.values if f.name == "TagKeyValue"]) == tolist(["user:Customer$customer1"])`,
      message: 'the budget (created once the platform activated Customer) filters on the Customer tag',
    },
  ],
  'customer-acme': (s) => [
    { condition: `${onlyAddress(s, 'aws_db_instance')}.multi_az == true`, message: 'medium: Multi-AZ database' },
    {
      condition: `${onlyAddress(s, 'aws_elasticache_replication_group')}.num_cache_clusters == 2`,
      message: 'medium: primary + one replica',
    },
    {
      condition: `${onlyAddress(s, 'aws_elasticache_replication_group')}.automatic_failover_enabled == true`,
      message: 'medium: cache failover',
    },
    {
      condition: `${onlyAddress(s, 'aws_cloudfront_distribution')}.viewer_certificate[0].minimum_protocol_version == "TLSv1.2_2021"`,
      message: 'CDN TLS 1.2_2021',
    },
  ],
  'customer-avnz': (s) => [
    {
      condition: `${onlyAddress(s, 'aws_ecs_cluster')}.configuration[0].execute_command_configuration[0].logging == "OVERRIDE"`,
      message: 'seed 004: the dedicated cluster records ECS Exec sessions',
    },
    {
      condition: `${onlyAddress(s, 'aws_ecs_service', (b) => b.name === 'avnz-api')}.enable_execute_command == true`,
      message: 'seed 004: ECS Exec on the api',
    },
    {
      condition: `alltrue([for v in ${addressList(s, 'aws_ecs_service')} : v.alarms[0].rollback == true && length(v.alarms[0].alarm_names) == 2])`,
      message: 'seed 004: deployments roll back on their 5xx and latency alarms',
    },
    {
      condition: `${onlyAddress(s, 'aws_lb_target_group', (b) => b.name === 'prod-avnz-portal')}.stickiness[0].type == "lb_cookie"`,
      message: 'seed 004: the portal has sticky sessions',
    },
    {
      condition: `${onlyAddress(s, 'aws_cloudwatch_log_group', (b) => b.name === '/aws/rds/instance/saas-prod-avnz/postgresql')}.retention_in_days == 90`,
      message: 'seed 004: database logs kept 90 days',
    },
  ],
  'customer-exiuscart': (s) => [
    {
      condition: `length(${onlyAddress(s, 'aws_backup_plan')}.rule) == 2`,
      message: 'seed 002: daily and weekly backup rules',
    },
    {
      condition: `${onlyAddress(s, 'aws_backup_selection')}.resources == toset([${onlyAddress(s, 'aws_db_instance')}.arn])`,
      message: 'seed 002: the backup selection is the database',
    },
    {
      condition: `${onlyAddress(s, 'aws_cloudfront_distribution')}.logging_config[0].prefix == "exiuscart/"`,
      message: 'seed 002: CloudFront access logs',
    },
    {
      condition: `${onlyAddress(s, 'aws_cloudfront_cache_policy', (b) => b.name === 'saas-prod-exiuscart-assets')}.default_ttl == 2592000`,
      message: 'seed 002: assets cached 30 days',
    },
  ],
  'customer-globex': (s) => [
    { condition: `${onlyAddress(s, 'aws_db_instance', isPrimary)}.multi_az == true`, message: 'large: Multi-AZ primary' },
    {
      condition: `${onlyAddress(s, 'aws_db_instance', isReplica)}.replicate_source_db == ${onlyAddress(s, 'aws_db_instance', isPrimary)}.identifier`,
      message: 'large: the read replica follows the primary',
    },
    { condition: `${onlyAddress(s, 'aws_db_instance', isReplica)}.deletion_protection == true`, message: 'replica deletion protection' },
    { condition: `${onlyAddress(s, 'aws_kms_key')}.enable_key_rotation == true`, message: 'large: own KMS key with rotation' },
    {
      condition: `${onlyAddress(s, 'aws_db_instance', isPrimary)}.kms_key_id == ${onlyAddress(s, 'aws_kms_key')}.arn`,
      message: 'database encrypted with the customer key',
    },
    { condition: `${onlyAddress(s, 'aws_lb')}.enable_deletion_protection == true`, message: 'dedicated ALB deletion protection' },
    { condition: `${onlyAddress(s, 'aws_ecs_cluster')}.name == "saas-prod-globex"`, message: 'dedicated ECS cluster' },
  ],
};

describe('mocked apply (terraform test + mock_provider) per tier', () => {
  let repo: TempRepo;
  let results: Record<string, { code: number; stdout: string; stderr: string }>;

  beforeAll(async () => {
    repo = addSeedExamples(new TempRepo());
    const stacks = join(repo.synth(), 'stacks');
    const model = repo.model();
    const outputs = examplePlatformOutputs(model.platform, model.allocation.shardCount);
    const workspaces = Object.keys(CASES);
    const outcome = await mapLimit(workspaces, 2, async (ws) => {
      const synthesized = repo.stack(ws);
      const dir = join(stacks, ws);
      const lifted = lifecycleOverride(synthesized);
      if (lifted) writeFileSync(join(dir, 'teardown_override.tf.json'), JSON.stringify(lifted));
      writeFileSync(
        join(dir, 'mocked.tftest.hcl'),
        mockApplyTest({
          synthesized,
          region: model.platform.region,
          zoneName: model.platform.domain.name,
          platformOutputs: outputs,
          assertions: CASES[ws](synthesized),
        }),
      );
      const init = await terraform(dir, ['init', '-backend=false', '-input=false', '-no-color']);
      if (init.code !== 0) return init;
      return terraform(dir, ['test', '-no-color']);
    });
    results = Object.fromEntries(workspaces.map((ws, i) => [ws, outcome[i]]));
  });
  afterAll(() => repo?.dispose());

  it.each(Object.keys(CASES))('%s applies against mocked AWS and meets its assertions', (ws) => {
    const r = results[ws];
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('run "mocked_apply"... pass');
    expect(r.stdout).toContain('Success! 1 passed, 0 failed.');
    expect(r.code).toBe(0);
  });
});

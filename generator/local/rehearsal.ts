import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { activatesCostTags, costAllocationTagKeys } from '../../modules/platform/cost-allocation-tags';
import { PLATFORM_OUTPUTS } from '../../modules/platform/output-contract';
import type { PlatformConfig } from '../../contract/config';
import { EMULATOR_CREDENTIALS, type LocalBackend } from './emulators';
import { UsageError, usageIssues } from '../errors';
import { AWS_PROVIDER_VERSION, PROVIDER_MIRROR, terraform, type TerraformResult } from './terraform';

/**
 * An offline rehearsal of the real workflow: the generated workspaces, unchanged, run
 * against the S3/DynamoDB emulators. What differs from production is added beside the
 * generated files as `*_override.tf.json` (endpoints, placeholder credentials) and as the
 * `-backend-config` flags a user would pass, never by editing cdk.tf.json.
 */

/** The `-backend-config` flags pointing a workspace's S3 backend at the emulators. */
export function backendConfigFlags(backend: LocalBackend): string[] {
  return [
    `endpoints={s3="${backend.s3Endpoint}",dynamodb="${backend.dynamodbEndpoint}"}`,
    `access_key=${EMULATOR_CREDENTIALS.accessKey}`,
    `secret_key=${EMULATOR_CREDENTIALS.secretKey}`,
    'use_path_style=true',
    'skip_credentials_validation=true',
    'skip_requesting_account_id=true',
    'skip_metadata_api_check=true',
    'skip_region_validation=true',
    'skip_s3_checksum=true',
  ].map((flag) => `-backend-config=${flag}`);
}

const SKIP_FLAGS = {
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
  skip_region_validation: true,
};

/** Placeholder credentials and the emulator endpoints for the AWS provider. */
export function providerOverride(backend: LocalBackend, opts: { dropDefaultTags?: boolean } = {}): object {
  return {
    provider: {
      aws: {
        access_key: EMULATOR_CREDENTIALS.accessKey,
        secret_key: EMULATOR_CREDENTIALS.secretKey,
        ...SKIP_FLAGS,
        s3_use_path_style: true,
        endpoints: [{ s3: backend.s3Endpoint, dynamodb: backend.dynamodbEndpoint }],
        // s3rver implements no bucket tagging.
        ...(opts.dropDefaultTags ? { default_tags: [{ tags: {} }] } : {}),
      },
    },
  };
}

/** Points every terraform_remote_state of a workspace at the S3 emulator. */
export function remoteStateOverride(
  synthesized: { data?: Record<string, Record<string, { config?: object }>> },
  backend: LocalBackend,
): object | undefined {
  const remote = synthesized.data?.terraform_remote_state;
  if (!remote) return undefined;
  const data = Object.fromEntries(
    Object.entries(remote).map(([id, block]) => [
      id,
      {
        config: {
          ...(block.config ?? {}),
          endpoints: { s3: backend.s3Endpoint },
          access_key: EMULATOR_CREDENTIALS.accessKey,
          secret_key: EMULATOR_CREDENTIALS.secretKey,
          use_path_style: true,
          skip_s3_checksum: true,
          ...SKIP_FLAGS,
        },
      },
    ]),
  );
  return { data: { terraform_remote_state: data } };
}

export interface WorkspaceCopy {
  readonly dir: string;
  readonly synthesized: Record<string, any>;
}

/** Copies a generated workspace (cdk.tf.json only) into `dir`, ready for override files. */
export function copyWorkspace(generatedStacks: string, workspace: string, dir: string): WorkspaceCopy {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(join(generatedStacks, workspace, 'cdk.tf.json'), join(dir, 'cdk.tf.json'));
  return { dir, synthesized: JSON.parse(readFileSync(join(dir, 'cdk.tf.json'), 'utf8')) };
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** A failed Terraform step is reported as Terraform said it, without a stack trace. */
function must(result: TerraformResult, what: string): TerraformResult {
  if (result.code !== 0)
    throw new UsageError(usageIssues.terraformFailed(what, result.code, (result.stderr || result.stdout).trim(), PROVIDER_HINT));
  return result;
}

const PROVIDER_HINT = `the rehearsal needs hashicorp/aws ${AWS_PROVIDER_VERSION} from the local mirror (${PROVIDER_MIRROR}, or set TF_PROVIDER_MIRROR) or from registry.terraform.io.`;

/**
 * Applies the generated bootstrap workspace against the emulators: the state bucket and
 * the lock table, created by the AWS provider. Only those two resources are targeted:
 * s3rver implements none of the bucket sub-resources (versioning, encryption, logging,
 * lifecycle, public access block, policy, ownership), there is no KMS emulator for the
 * state key, and dynalite has no point-in-time recovery, so those stay
 * proven by `terraform validate` and the mocked apply instead.
 */
export async function applyBootstrap(copy: WorkspaceCopy, backend: LocalBackend): Promise<TerraformResult> {
  const table = Object.keys(copy.synthesized.resource?.aws_dynamodb_table ?? {});
  // The state bucket is the one the `state_bucket` output names (the access-log bucket is the other).
  const bucket = /^\$\{aws_s3_bucket\.([^.]+)\.bucket\}$/.exec(copy.synthesized.output?.state_bucket?.value ?? '')?.[1];
  if (table.length !== 1 || !bucket)
    throw new Error('the bootstrap workspace should hold one lock table and name its state bucket in the state_bucket output');
  writeJson(join(copy.dir, 'emulator_override.tf.json'), {
    ...providerOverride(backend, { dropDefaultTags: true }),
    resource: { aws_dynamodb_table: { [table[0]]: { point_in_time_recovery: [{ enabled: false }] } } },
  });
  must(await terraform(copy.dir, ['init', '-input=false', '-no-color']), 'terraform init (bootstrap)');
  return must(
    await terraform(copy.dir, [
      'apply',
      '-auto-approve',
      '-input=false',
      '-no-color',
      `-target=aws_s3_bucket.${bucket}`,
      `-target=aws_dynamodb_table.${table[0]}`,
    ]),
    'terraform apply (bootstrap)',
  );
}

/** Realistic platform outputs for a rehearsal: what a customer workspace reads. */
export function examplePlatformOutputs(platform: PlatformConfig, shardCount: number): Record<string, unknown> {
  const account = '123456789012';
  const r = platform.region;
  const prefix = `${platform.appName}-${platform.environment}`;
  const shards = Array.from({ length: shardCount }, (_, i) => i);
  const azs = ['a', 'b', 'c'].slice(0, platform.network.azCount);
  const values: Record<keyof typeof PLATFORM_OUTPUTS, unknown> = {
    accountId: account,
    region: r,
    vpcId: 'vpc-0a1b2c3d4e5f67890',
    vpcCidr: platform.network.cidr,
    publicSubnetIds: azs.map((az, i) => `subnet-0pub${i}${az}000000000`),
    privateSubnetIds: azs.map((az, i) => `subnet-0prv${i}${az}000000000`),
    databaseSubnetIds: azs.map((az, i) => `subnet-0dbs${i}${az}000000000`),
    clusterName: prefix,
    clusterArn: `arn:aws:ecs:${r}:${account}:cluster/${prefix}`,
    execKmsKeyArn: `arn:aws:kms:${r}:${account}:key/2d3e4f50-6172-8394-a5b6-c7d8e9f0a1b2`,
    execLogGroupName: `/ecs/${prefix}/exec-sessions`,
    albSecurityGroupId: 'sg-0a1b2c3d4e5f67890',
    albHttpsListenerArns: shards.map(
      (i) => `arn:aws:elasticloadbalancing:${r}:${account}:listener/app/${prefix}-alb-${i}/50dc6c495c0c9188/f2f7dc8efc522ab${i}`,
    ),
    albDnsNames: shards.map((i) => `${prefix}-alb-${i}-1234567890.${r}.elb.amazonaws.com`),
    albZoneIds: shards.map(() => 'Z32O12XQLNTSW2'),
    albArnSuffixes: shards.map((i) => `app/${prefix}-alb-${i}/50dc6c495c0c9188`),
    albAccessLogsBucket: `${prefix}-alb-logs-${account}`,
    ecrRepositoryUrls: Object.fromEntries(platform.ecr.repositories.map((repo) => [repo, `${account}.dkr.ecr.${r}.amazonaws.com/${repo}`])),
    hostedZoneId: platform.domain.hostedZoneId,
    certificateArn: `arn:aws:acm:${r}:${account}:certificate/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0`,
    cloudfrontCertificateArn: `arn:aws:acm:us-east-1:${account}:certificate/1c2d3e4f-5061-7283-94a5-b6c7d8e9f0a1`,
    costAllocationTags: activatesCostTags(platform) ? costAllocationTagKeys(platform) : [],
    wafRegionalAclArn: `arn:aws:wafv2:${r}:${account}:regional/webacl/${prefix}/a1b2c3d4-5678-90ab-cdef-111111111111`,
    wafCloudfrontAclArn: `arn:aws:wafv2:us-east-1:${account}:global/webacl/${prefix}-cloudfront/a1b2c3d4-5678-90ab-cdef-222222222222`,
  };
  return Object.fromEntries(
    Object.entries(values).map(([key, value]) => [PLATFORM_OUTPUTS[key as keyof typeof PLATFORM_OUTPUTS].name, value]),
  );
}

/**
 * Writes the platform state object as Terraform itself would: a scratch configuration
 * with the platform's backend and only `output` blocks, applied once. Customer
 * workspaces then read it through terraform_remote_state exactly as in production.
 */
export async function seedPlatformState(
  dir: string,
  platformSynth: Record<string, any>,
  outputs: Record<string, unknown>,
  backend: LocalBackend,
): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeJson(join(dir, 'main.tf.json'), {
    terraform: { backend: platformSynth.terraform.backend },
    output: Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, { value }])),
  });
  must(await terraform(dir, ['init', '-input=false', '-no-color', ...backendConfigFlags(backend)]), 'terraform init (platform outputs)');
  must(await terraform(dir, ['apply', '-auto-approve', '-input=false', '-no-color']), 'terraform apply (platform outputs)');
}

/** Adds the provider and remote-state overrides and runs `terraform init` with backend flags. */
export async function initAgainstEmulators(copy: WorkspaceCopy, backend: LocalBackend): Promise<TerraformResult> {
  writeJson(join(copy.dir, 'emulator_override.tf.json'), providerOverride(backend));
  const remote = remoteStateOverride(copy.synthesized, backend);
  if (remote) writeJson(join(copy.dir, 'remote_state_override.tf.json'), remote);
  return must(
    await terraform(copy.dir, ['init', '-input=false', '-no-color', ...backendConfigFlags(backend)]),
    `terraform init (${copy.dir})`,
  );
}

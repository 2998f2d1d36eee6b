/**
 * Builds `terraform test` files for a mocked apply of a generated workspace: a
 * mock_provider for every AWS provider configuration, with defaults for the computed
 * attributes the AWS provider validates (ARNs, policy JSON, AZ names), remote state
 * overridden with realistic platform outputs, and assertions on planned values.
 */

const ACCOUNT = '123456789012';

/** ARN service segment per resource type, for realistic mocked ARNs. */
function arnFor(type: string, region: string): string {
  const bare = type.replace(/^aws_/, '');
  const service = bare.startsWith('iam_')
    ? 'iam'
    : bare.startsWith('lb')
      ? 'elasticloadbalancing'
      : bare.startsWith('db_')
        ? 'rds'
        : bare.split('_')[0];
  const globalService = ['iam', 's3', 'route53', 'cloudfront', 'budgets'].includes(service);
  return `arn:aws:${service}:${globalService ? '' : region}:${globalService && service === 's3' ? '' : ACCOUNT}:${bare}/mock-${bare}`;
}

function hcl(value: unknown, indent = ''): string {
  if (Array.isArray(value)) return `[${value.map((v) => hcl(v, indent)).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => `${indent}  ${JSON.stringify(k)} = ${hcl(v, `${indent}  `)}`)
      .join('\n');
    return `{\n${inner}\n${indent}}`;
  }
  return JSON.stringify(value);
}

export interface Assertion {
  /** HCL expression that must be true, e.g. `aws_db_instance.x.multi_az == true`. */
  readonly condition: string;
  readonly message: string;
}

export interface MockApplyInput {
  /** The synthesized cdk.tf.json of the workspace. */
  readonly synthesized: Record<string, any>;
  readonly region: string;
  /** Platform outputs handed to every terraform_remote_state. */
  readonly platformOutputs?: Record<string, unknown>;
  readonly assertions: readonly Assertion[];
  /** Name the mocked aws_route53_zone lookup returns (the platform domain). */
  readonly zoneName: string;
}

function mockBlocks(synthesized: Record<string, any>, region: string, zoneName: string): string {
  const types = Object.keys(synthesized.resource ?? {}).sort();
  const resources = types
    .map((type) => {
      const defaults: Record<string, unknown> = { arn: arnFor(type, region) };
      if (type === 'aws_db_instance')
        defaults.master_user_secret = [
          { secret_arn: `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:rds!db-mock`, kms_key_id: '', secret_status: 'active' },
        ];
      if (type === 'aws_lb') defaults.arn_suffix = 'app/mock/50dc6c495c0c9188';
      if (type === 'aws_lb_target_group') defaults.arn_suffix = 'targetgroup/mock/6d0ecf831eec9f09';
      if (type === 'aws_acm_certificate')
        defaults.domain_validation_options = [
          {
            domain_name: 'mock.example.com',
            resource_record_name: '_0123abcd.mock.example.com.',
            resource_record_type: 'CNAME',
            resource_record_value: '_4567ef.acm-validations.aws.',
          },
        ];
      if (type === 'aws_kms_key') defaults.key_id = '1234abcd-12ab-34cd-56ef-1234567890ab';
      return `  mock_resource "${type}" {\n    defaults = ${hcl(defaults, '    ')}\n  }`;
    })
    .join('\n');
  const data = [
    `  mock_data "aws_iam_policy_document" {\n    defaults = { json = "{\\"Version\\":\\"2012-10-17\\",\\"Statement\\":[]}" }\n  }`,
    `  mock_data "aws_caller_identity" {\n    defaults = { account_id = "${ACCOUNT}", arn = "arn:aws:iam::${ACCOUNT}:root", user_id = "${ACCOUNT}" }\n  }`,
    `  mock_data "aws_partition" {\n    defaults = { partition = "aws", dns_suffix = "amazonaws.com" }\n  }`,
    `  mock_data "aws_availability_zones" {\n    defaults = { names = ["${region}a", "${region}b", "${region}c"] }\n  }`,
    `  mock_data "aws_route53_zone" {\n    defaults = { name = "${zoneName}.", zone_id = "Z0123456789EXAMPLEZONE" }\n  }`,
    `  mock_data "aws_elb_service_account" {\n    defaults = { arn = "arn:aws:iam::156460612806:root" }\n  }`,
  ].join('\n');
  const aliases: (string | undefined)[] = (synthesized.provider?.aws ?? [{}]).map((p: { alias?: string }) => p.alias);
  return aliases.map((alias) => `mock_provider "aws" {\n${alias ? `  alias = "${alias}"\n` : ''}${resources}\n${data}\n}`).join('\n\n');
}

/** The content of `<workspace>/mocked.tftest.hcl`. */
export function mockApplyTest(input: MockApplyInput): string {
  const remote = Object.keys(input.synthesized.data?.terraform_remote_state ?? {});
  const overrides = remote
    .map(
      (id) =>
        `override_data {\n  target = data.terraform_remote_state.${id}\n  values = {\n    outputs = ${hcl(input.platformOutputs ?? {}, '    ')}\n  }\n}`,
    )
    .join('\n\n');
  const asserts = input.assertions
    .map((a) => `  assert {\n    condition     = ${a.condition}\n    error_message = ${JSON.stringify(a.message)}\n  }`)
    .join('\n\n');
  return `${mockBlocks(input.synthesized, input.region, input.zoneName)}\n\n${overrides}\n\nrun "mocked_apply" {\n  command = apply\n\n${asserts}\n}\n`;
}

/** Addresses of every resource of `type` matching `filter`, as an HCL tuple expression. */
export function addressList(synthesized: Record<string, any>, type: string, filter: (body: any) => boolean = () => true): string {
  return `[${Object.entries(synthesized.resource?.[type] ?? {})
    .filter(([, body]) => filter(body))
    .map(([id]) => `${type}.${id}`)
    .join(', ')}]`;
}

/**
 * `terraform test` destroys what it applied; prevent_destroy (state backend, data stores)
 * would make that teardown fail, so a test-only override file lifts it in the scratch copy.
 */
export function lifecycleOverride(synthesized: Record<string, any>): object | undefined {
  const resource: Record<string, Record<string, object>> = {};
  for (const [type, byId] of Object.entries<Record<string, any>>(synthesized.resource ?? {})) {
    for (const [id, body] of Object.entries(byId)) {
      if (body.lifecycle?.prevent_destroy) (resource[type] ??= {})[id] = { lifecycle: { prevent_destroy: false } };
    }
  }
  return Object.keys(resource).length ? { resource } : undefined;
}

/** The single address of the only resource of `type` (fails loudly if there is not exactly one). */
export function onlyAddress(synthesized: Record<string, any>, type: string, filter: (body: any) => boolean = () => true): string {
  const ids = Object.entries(synthesized.resource?.[type] ?? {})
    .filter(([, body]) => filter(body))
    .map(([id]) => id);
  if (ids.length !== 1) throw new Error(`expected exactly one ${type}, found ${ids.length}: ${ids.join(', ')}`);
  return `${type}.${ids[0]}`;
}

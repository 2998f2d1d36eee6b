import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mapLimit, terraform, validateWorkspace } from '../helpers/terraform';
import { TempRepo } from '../helpers/repo';
import { mockApplyTest } from '../helpers/mock-apply';

interface Variant {
  readonly edit: (platform: any) => void;
  /** Whether the platform is also applied against mocks (slower than validate). */
  readonly mockedApply: boolean;
  /** Another platform region (the example customers' secrets move with it). */
  readonly region?: string;
}

const variants: Record<string, Variant> = {
  // The committed settings: two AZs, a NAT per AZ, eu-west-1, both certificates created.
  'two AZs': { mockedApply: true, edit: () => undefined },
  // Every other branch: three AZs, one NAT, us-east-1 with a given certificate, KMS state.
  'three AZs': {
    mockedApply: false,
    region: 'us-east-1',
    edit: (p) => {
      p.network = { ...p.network, azCount: 3, natGateways: 'single', cidr: '10.30.0.0/20' };
      p.domain.certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
      p.state.kmsKeyId = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
      p.state.useLockfile = true;
      // The lock table is encrypted with the state key now, so the waiver for its AWS managed key matches nothing.
      p.waivers = p.waivers.filter((w: { rule: string }) => w.rule !== 'TW-DDB-002');
    },
  },
};

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.dispose()));

interface Job {
  readonly label: string;
  readonly dir: string;
  /** The terraform test file of a mocked apply (it validates too); without it, validate only. */
  readonly tftest?: string;
}

/**
 * A mocked apply of the platform: the outputs customer workspaces read have their shape,
 * and the hosted zone lookup rejects a zone of another name.
 */
function platformMockedApply(json: any, platform: any): string {
  const shards = Object.keys(json.resource.aws_lb).length;
  const azs = platform.network.azCount;
  const zone = `data.aws_route53_zone.${Object.keys(json.data.aws_route53_zone)[0]}`;
  const applied = mockApplyTest({
    synthesized: json,
    region: platform.region,
    zoneName: platform.domain.name,
    assertions: [
      {
        condition: ['alb_https_listener_arns', 'alb_dns_names', 'alb_zone_ids', 'alb_arn_suffixes']
          .map((o) => `length(output.${o}) == ${shards}`)
          .join(' && '),
        message: `every shard output lists ${shards} shard(s)`,
      },
      {
        condition: ['public', 'private', 'database'].map((t) => `length(output.${t}_subnet_ids) == ${azs}`).join(' && '),
        message: 'one subnet per tier and AZ',
      },
      {
        condition: `toset(keys(output.ecr_repository_urls)) == toset(${JSON.stringify(platform.ecr.repositories)})`,
        message: 'one repository URL per configured image',
      },
      {
        condition: `output.hosted_zone_id == "Z0123456789EXAMPLEZONE" && output.region == "${platform.region}"`,
        message: 'zone and region come through',
      },
    ],
  });
  return `${applied}
run "rejects_another_hosted_zone" {
  command = plan

  override_data {
    target = ${zone}
    values = { name = "other-${platform.domain.name}" }
  }
  expect_failures = [${zone}]
}
`;
}

/** GIVEN the variant's platform settings WHEN synthesized THEN its bootstrap and platform jobs. */
function jobsOf(name: string, { edit, mockedApply, region }: Variant): Job[] {
  const repo = new TempRepo({ withExamples: true });
  if (region) repo.setRegion(region);
  repo.edit('customers/_platform.json', edit);
  repos.push(repo);
  const generated = repo.synth();
  const platform = repo.read('customers/_platform.json');
  const json = repo.stack('platform');
  expect(Object.keys(json.resource.aws_subnet), name).toHaveLength(3 * platform.network.azCount);
  const tftest = mockedApply ? platformMockedApply(json, platform) : undefined;
  return [
    { label: `${name}: bootstrap`, dir: join(generated, 'stacks', 'bootstrap') },
    { label: `${name}: platform`, dir: join(generated, 'stacks', 'platform'), tftest },
  ];
}

describe('Terraform on the bootstrap and platform workspaces', () => {
  it('GIVEN a 2-AZ and a 3-AZ platform WHEN validated (and the 2-AZ platform applied against mocks) THEN all pass', async () => {
    const jobs = Object.entries(variants).flatMap(([name, variant]) => jobsOf(name, variant));
    const results = await mapLimit(jobs, 2, async ({ label, dir, tftest }) => {
      if (!tftest) {
        const validation = await validateWorkspace(dir);
        return { label, ok: validation.valid, detail: validation.diagnostics };
      }
      // terraform test validates the configuration before it plans and applies.
      mkdirSync(join(dir, 'tests'));
      writeFileSync(join(dir, 'tests', 'platform.tftest.hcl'), tftest);
      const init = await terraform(dir, ['init', '-backend=false', '-input=false', '-no-color']);
      const test = init.code === 0 ? await terraform(dir, ['test', '-no-color']) : init;
      return { label, ok: test.code === 0, detail: `${test.stdout}\n${test.stderr}` };
    });
    for (const r of results) expect(r, `${r.label}\n${r.detail}`).toMatchObject({ ok: true });
  });
});

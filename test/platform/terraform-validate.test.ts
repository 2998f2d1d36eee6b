import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mapLimit, validateWorkspace } from '../helpers/terraform';
import { TempRepo } from '../helpers/repo';

const variants: Record<string, (platform: any) => void> = {
  // The committed settings: two AZs, a NAT per AZ, eu-west-1, certificates created here.
  'two AZs': () => undefined,
  // Every other branch: three AZs, one NAT, us-east-1 with a given certificate, KMS state.
  'three AZs': (p) => {
    p.region = 'us-east-1';
    p.network = { ...p.network, azCount: 3, natGateways: 'single', cidr: '10.30.0.0/20' };
    p.domain.certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
    p.state.kmsKeyId = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
    p.state.useLockfile = true;
  },
};

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.dispose()));

describe('terraform validate of the bootstrap and platform workspaces', () => {
  it('GIVEN a 2-AZ and a 3-AZ platform WHEN validated by Terraform THEN both workspaces of both are valid', async () => {
    const dirs = Object.entries(variants).flatMap(([name, edit]) => {
      const repo = new TempRepo({ withExamples: true }).edit('customers/_platform.json', edit);
      repos.push(repo);
      const generated = repo.synth();
      const azCount = repo.read('customers/_platform.json').network.azCount;
      expect(Object.keys(repo.stack('platform').resource.aws_subnet), name).toHaveLength(3 * azCount);
      return ['bootstrap', 'platform'].map((ws) => ({ label: `${name}: ${ws}`, dir: join(generated, 'stacks', ws) }));
    });
    const results = await mapLimit(dirs, 2, async ({ label, dir }) => ({ label, ...(await validateWorkspace(dir)) }));
    for (const r of results) expect(r, `${r.label}\n${r.diagnostics}`).toMatchObject({ valid: true });
  });
});

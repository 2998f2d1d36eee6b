import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_OUTPUTS } from '../../modules/platform/output-contract';
import { TempRepo } from '../helpers/repo';

let repo: TempRepo;
beforeAll(() => {
  repo = new TempRepo({ withExamples: false });
  repo.synth();
});
afterAll(() => repo.dispose());

const readme = (workspace: string): string => readFileSync(repo.path(`generated/stacks/${workspace}/README.md`), 'utf8');

describe('bootstrap and platform READMEs', () => {
  it('GIVEN the bootstrap WHEN synthesized THEN its README lists the backend resources and the local-then-migrate steps', () => {
    const text = readme('bootstrap');
    expect(text).toContain('| `aws_s3_bucket` | 2 |');
    expect(text).toContain('| `aws_dynamodb_table` | 1 |');
    expect(text).toContain('"bucket": "saas-prod-terraform-state"');
    expect(text).toContain('"dynamodb_table": "saas-prod-terraform-locks"');
    expect(text.indexOf('terraform apply tfplan')).toBeLessThan(text.indexOf('terraform init -migrate-state'));
  });

  it('GIVEN the platform WHEN synthesized THEN its README counts what it creates, documents every output and says to apply bootstrap first', () => {
    const text = readme('platform');
    expect(text).toContain('| `aws_subnet` | 6 |');
    expect(text).toContain('| `aws_lb` | 1 |');
    for (const { name, description } of Object.values(PLATFORM_OUTPUTS)) expect(text).toContain(`| \`${name}\` | ${description} |`);
    expect(text).toContain('cd generated/stacks/platform\nterraform init\nterraform plan -out=tfplan\nterraform apply tfplan');
    expect(text).toContain('Apply `bootstrap` first');
  });
});

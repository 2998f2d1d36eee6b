import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PlatformConfig } from '../../contract/config';
import { REPO_ROOT, TempRepo } from '../helpers/repo';
import { resources } from '../platform/synth-json';

const PLATFORM = 'customers/_platform.json';

/** The optional platform settings and the `default` the schema states for each. */
function schemaDefaults(): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'customers/_schema/platform.schema.json'), 'utf8'));
  const out: Record<string, unknown> = {};
  for (const [section, def] of Object.entries<any>(schema.properties))
    for (const [key, prop] of Object.entries<any>(def.properties ?? {})) if ('default' in prop) out[`${section}.${key}`] = prop.default;
  return out;
}

describe('platform defaults: stated once, in the schema, applied when _platform.json is loaded', () => {
  let repo: TempRepo;
  let platform: PlatformConfig;
  const defaults = schemaDefaults();

  beforeAll(() => {
    // GIVEN a _platform.json that leaves out every optional setting with a default
    repo = new TempRepo({ withExamples: false }).edit(PLATFORM, (p) => {
      for (const path of Object.keys(defaults)) {
        const [section, key] = path.split('.');
        delete p[section][key];
      }
    });
    // WHEN loaded and synthesized
    platform = repo.model().platform;
    repo.synth();
  });
  afterAll(() => repo.dispose());

  it('covers the settings that had fallbacks in the code', () => {
    expect(Object.keys(defaults)).toEqual(
      expect.arrayContaining([
        'ci.maxParallel',
        'ci.terraformVersion',
        'ecr.immutableTags',
        'ecr.keepTaggedImages',
        'ecr.untaggedExpiryDays',
        'loadBalancer.accessLogRetentionDays',
        'loadBalancer.idleTimeoutSeconds',
        'network.flowLogRetentionDays',
        'state.useLockfile',
      ]),
    );
  });

  it('fills each left-out setting with its schema default', () => {
    for (const [path, value] of Object.entries(defaults)) {
      const [section, key] = path.split('.');
      expect((platform as any)[section][key], path).toEqual(value);
    }
  });

  it('reaches the output: the ALB idle timeout, log retentions, the ECR lifecycle and the CI workflow', () => {
    const json = repo.stack('platform');
    expect(resources(json, 'aws_lb').map((lb) => lb.idle_timeout)).toEqual([defaults['loadBalancer.idleTimeoutSeconds']]);
    expect(resources(json, 'aws_cloudwatch_log_group').map((g) => g.retention_in_days)).toContain(defaults['network.flowLogRetentionDays']);
    const policy = JSON.parse(resources(json, 'aws_ecr_lifecycle_policy')[0].policy);
    expect(policy.rules.map((r: any) => r.selection.countNumber).sort()).toEqual(
      [defaults['ecr.untaggedExpiryDays'], defaults['ecr.keepTaggedImages']].sort(),
    );
    const plan = parse(readFileSync(repo.path('.github/workflows/plan.yml'), 'utf8'));
    const job = Object.values<any>(plan.jobs).find((j) => j.strategy?.['max-parallel'] !== undefined);
    expect(job.strategy['max-parallel']).toBe(defaults['ci.maxParallel']);
    expect(JSON.stringify(plan)).toContain(`"terraform_version":"${defaults['ci.terraformVersion']}"`);
  });

  it('keeps a value the file sets over the default', () => {
    const own = new TempRepo({ withExamples: false }).edit(PLATFORM, (p) => {
      p.loadBalancer.idleTimeoutSeconds = 300;
    });
    try {
      expect(own.model().platform.loadBalancer.idleTimeoutSeconds).toBe(300);
    } finally {
      own.dispose();
    }
  });
});

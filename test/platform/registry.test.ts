import { describe, expect, it } from 'vitest';
import { ImageRegistry, type ImageRegistryProps } from '../../modules/platform/registry';
import { resources, synthJson } from './synth-json';

function synth(props: Partial<ImageRegistryProps> = {}): any {
  return synthJson(
    (scope) =>
      new ImageRegistry(scope, 'registry', {
        repositories: { 'backend-api': 'saas-prod/backend-api', frontend: 'saas-prod/frontend' },
        immutableTags: false,
        keepTaggedImages: 30,
        untaggedExpiryDays: 7,
        ...props,
      }),
  );
}

describe('ImageRegistry', () => {
  it('GIVEN two images WHEN synthesized THEN each gets a scanned, encrypted repository', () => {
    const repositories = resources(synth(), 'aws_ecr_repository');
    expect(repositories.map((r) => r.name).sort()).toEqual(['saas-prod/backend-api', 'saas-prod/frontend']);
    for (const r of repositories) {
      expect(r).toMatchObject({
        image_tag_mutability: 'MUTABLE',
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: 'AES256' }],
        force_delete: false,
      });
    }
  });

  it('GIVEN immutableTags WHEN synthesized THEN tags cannot be overwritten', () => {
    expect(resources(synth({ immutableTags: true }), 'aws_ecr_repository').map((r) => r.image_tag_mutability)).toEqual([
      'IMMUTABLE',
      'IMMUTABLE',
    ]);
  });

  it('GIVEN keepTaggedImages and untaggedExpiryDays WHEN synthesized THEN the lifecycle rules carry those numbers', () => {
    const policies = resources(synth({ keepTaggedImages: 12, untaggedExpiryDays: 3 }), 'aws_ecr_lifecycle_policy');
    expect(policies).toHaveLength(2);
    for (const p of policies) {
      const rules = JSON.parse(p.policy).rules;
      expect(rules.find((r: any) => r.selection.tagStatus === 'untagged').selection).toMatchObject({
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: 3,
      });
      expect(rules.find((r: any) => r.selection.tagStatus === 'tagged').selection).toMatchObject({
        countType: 'imageCountMoreThan',
        countNumber: 12,
      });
    }
  });
});

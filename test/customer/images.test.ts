import { afterEach, describe, expect, it } from 'vitest';
import { TempRepo } from '../helpers/repo';
import { resources } from '../platform/synth-json';
import { customerStack, EXAMPLE_CUSTOMERS, synthesized } from './examples';

let repo: TempRepo | undefined;
afterEach(() => repo?.dispose());

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
/** The image of every task; quotes inside `${…}` are Terraform's, so they become `'` to parse the JSON. */
const images = (json: any): string[] =>
  resources(json, 'aws_ecs_task_definition').map(
    (t) => JSON.parse(t.container_definitions.replace(/\$\{[^}]*\}/g, (i: string) => i.replace(/"/g, "'")))[0].image,
  );

describe('images are pinned: immutable tags and digests', () => {
  it('fails when a service runs "latest"', () => {
    repo = new TempRepo().addCustomer('newco', {
      tier: 'small',
      domain: 'newco.example.com',
      services: { api: { image: 'backend-api:latest' } },
    });
    expect(repo.rejection()).toEqual([
      {
        code: 'rule.image-pinned',
        file: 'customers/newco/config.json',
        path: 'services.api.image',
        value: 'backend-api:latest',
        message: 'image "backend-api:latest" is not pinned: "latest" runs whatever was pushed last, on the next task start',
        allowed: 'a version tag (backend-api:1.4.2) or a digest (backend-api@sha256:<64 hex digits>)',
      },
    ]);
  });

  it('fails when an outside image runs "latest" too', () => {
    repo = new TempRepo().addCustomer('newco', {
      tier: 'small',
      domain: 'newco.example.com',
      services: { worker: { image: 'public.ecr.aws/nginx/nginx:latest' } },
    });
    expect(repo.rejection().map((i) => [i.code, i.path])).toEqual([['rule.image-pinned', 'services.worker.image']]);
  });

  it('GIVEN the examples WHEN synthesized THEN no task runs a "latest" tag and the platform repositories refuse to move a tag', () => {
    repo = synthesized((r) => r.edit('customers/_platform.json', (p) => delete p.ecr.immutableTags));
    for (const customer of EXAMPLE_CUSTOMERS)
      for (const image of images(customerStack(repo, customer))) expect(image).not.toMatch(/:latest$/);
    expect(resources(repo.stack('platform'), 'aws_ecr_repository').map((r) => r.image_tag_mutability)).toEqual([
      'IMMUTABLE',
      'IMMUTABLE',
      'IMMUTABLE',
    ]);
  });

  it('GIVEN a digest of a platform repository WHEN synthesized THEN the task runs exactly that digest from ECR', () => {
    repo = synthesized((r) => r.edit('customers/customer1/config.json', (c) => (c.services.api.image = `backend-api@${DIGEST}`)));
    const api = images(customerStack(repo, 'customer1')).find((i) => i.includes('backend-api'));
    expect(api).toMatch(
      new RegExp(`^\\$\\{data\\.terraform_remote_state\\.[^}]+\\.outputs\\.ecr_repository_urls\\['backend-api'\\]\\}@${DIGEST}$`),
    );
  });
});
